import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { customerV310Body } from './bodies.js';
import {
  createBank,
  createCustomer,
  linkUserToCustomer,
  setupCallContext,
} from './endpoint-fixture.js';
import {
  expectObpError,
  expectSuccess,
  obpDateTimePattern,
  type CustomerJson,
  type CustomersJson,
} from './obp-assertions.js';

/** UserCustomerLinkJson. */
interface LinkJson {
  user_customer_link_id: string;
  customer_id: string;
  user_id: string;
  date_inserted: string;
  is_active: boolean;
}

const linkKeys = ['user_customer_link_id', 'customer_id', 'user_id', 'date_inserted', 'is_active'];

interface LinksJson {
  user_customer_links: LinkJson[];
}

describe('user-customer links', () => {
  let gateway: TestGateway;
  let creator: TestUser;
  let linker: TestUser;
  let otherBank: string;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    otherBank = await createBank(gateway);
    creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    linker = await gateway.user([
      ['CanCreateUserCustomerLink', demoBank],
      ['CanGetUserCustomerLink', demoBank],
      ['CanDeleteUserCustomerLink', demoBank],
    ]);
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  const linksPath = (version: string, bankId = demoBank) =>
    `/obp/${version}/banks/${bankId}/user_customer_links`;
  const newCustomer = () => createCustomer(gateway, creator, demoBank, customerV310Body());

  /** The create operations of both generations and their success statuses. */
  for (const [operationId, versions, status] of [
    ['OBPv2.0.0-createUserCustomerLinks', ['v2.0.0', 'v3.1.0'], 200],
    ['OBPv4.0.0-createUserCustomerLinks', ['v4.0.0', 'v5.1.0'], 201],
  ] as const) {
    describe(operationId, () => {
      for (const version of versions) {
        describe(`under ${version}`, () => {
          it(`answers ${status} with UserCustomerLinkJson; the user then has the customer`, async () => {
            const customer = await newCustomer();
            const user = await gateway.user();
            const res = await gateway
              .http()
              .post(linksPath(version))
              .set(linker.auth)
              .send({ user_id: user.userId, customer_id: customer.customer_id });
            const link = expectSuccess<LinkJson>(res, status);
            expect(Object.keys(link)).to.have.members(linkKeys);
            expect(link).to.deep.include({
              customer_id: customer.customer_id,
              user_id: user.userId,
              is_active: true,
            });
            expect(link.user_customer_link_id).to.be.a('string').and.not.equal('');
            expect(link.date_inserted).to.match(obpDateTimePattern);

            const mine = await gateway.http().get('/obp/v5.1.0/my/customers').set(user.auth);
            expect(
              expectSuccess<CustomersJson>(mine, 200).customers.map((c) => c.customer_id),
            ).to.deep.equal([customer.customer_id]);
          });

          it('accepts CanCreateUserCustomerLinkAtAnyBank instead', async () => {
            const customer = await newCustomer();
            const user = await gateway.user();
            const anyBank = await gateway.user([['CanCreateUserCustomerLinkAtAnyBank', '']]);
            const res = await gateway
              .http()
              .post(linksPath(version))
              .set(anyBank.auth)
              .send({ user_id: user.userId, customer_id: customer.customer_id });
            expectSuccess<LinkJson>(res, status);
          });

          it('answers 404 OBP-20057 for an unknown user', async () => {
            const customer = await newCustomer();
            const res = await gateway
              .http()
              .post(linksPath(version))
              .set(linker.auth)
              .send({ user_id: 'no-such-user', customer_id: customer.customer_id });
            expect(expectObpError(res, 404, 'OBP-20057')).to.contain('no-such-user');
          });

          it('answers 404 OBP-30046 for an unknown customer', async () => {
            const res = await gateway
              .http()
              .post(linksPath(version))
              .set(linker.auth)
              .send({ user_id: linker.userId, customer_id: 'no-such-customer' });
            expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
              'Current CustomerId(no-such-customer)',
            );
          });

          it('answers 400 OBP-30007 when the user is already linked to the customer', async () => {
            const customer = await newCustomer();
            const user = await gateway.user();
            const send = () =>
              gateway
                .http()
                .post(linksPath(version))
                .set(linker.auth)
                .send({ user_id: user.userId, customer_id: customer.customer_id });
            expectSuccess<LinkJson>(await send(), status);
            expectObpError(await send(), 400, 'OBP-30007');
          });

          it('answers 400 OBP-10001 naming a missing customer_id', async () => {
            const res = await gateway
              .http()
              .post(linksPath(version))
              .set(linker.auth)
              .send({ user_id: linker.userId });
            expect(expectObpError(res, 400, 'OBP-10001')).to.contain('customer_id');
          });
        });
      }
    });
  }

  describe('OBPv2.0.0-createUserCustomerLinks: Southgate-only checks', () => {
    for (const version of ['v2.0.0', 'v3.1.0']) {
      describe(`under ${version}`, () => {
        it("answers 400 with OBP's code-less text when the customer is another bank's", async () => {
          const res = await gateway
            .http()
            .post(linksPath(version))
            .set(linker.auth)
            .send({ user_id: linker.userId, customer_id: elsewhere.customer_id });
          expect(res.status).to.equal(400);
          expect(res.body).to.deep.equal({
            code: 400,
            message: `Bank of the customer specified by the CUSTOMER_ID(${otherBank}) has to matches BANK_ID(${demoBank}) in URL`,
          });
        });

        // ⚠ OBP's current handler checks neither; the policy requires both.
        it('requires login (401 OBP-20001)', async () => {
          const customer = await newCustomer();
          const res = await gateway
            .http()
            .post(linksPath(version))
            .send({ user_id: linker.userId, customer_id: customer.customer_id });
          expectObpError(res, 401, 'OBP-20001');
        });

        it('requires one of the link roles (403 OBP-20006)', async () => {
          const customer = await newCustomer();
          const user = await gateway.user();
          const res = await gateway
            .http()
            .post(linksPath(version))
            .set(user.auth)
            .send({ user_id: user.userId, customer_id: customer.customer_id });
          expect(expectObpError(res, 403, 'OBP-20006')).to.equal(
            `OBP-20006: User is missing one or more roles: CanCreateUserCustomerLink or CanCreateUserCustomerLinkAtAnyBank for BankId(${demoBank}).`,
          );
        });
      });
    }
  });

  describe('OBPv4.0.0-createUserCustomerLinks: auto-validation', () => {
    for (const version of ['v4.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        it("answers 400 OBP-30113 when the customer is another bank's", async () => {
          const res = await gateway
            .http()
            .post(linksPath(version))
            .set(linker.auth)
            .send({ user_id: linker.userId, customer_id: elsewhere.customer_id });
          expectObpError(res, 400, 'OBP-30113');
        });

        it('answers 400 OBP-10001 listing a user_id that is not an OBP id', async () => {
          const customer = await newCustomer();
          const res = await gateway
            .http()
            .post(linksPath(version))
            .set(linker.auth)
            .send({ user_id: 'not an id', customer_id: customer.customer_id });
          expect(expectObpError(res, 400, 'OBP-10001')).to.contain(
            'Here are all invalid values: user_id',
          );
        });
      });
    }
  });

  describe('link reads and deletes', () => {
    let member: TestUser;
    let customer: CustomerJson;

    before(async () => {
      member = await gateway.user();
      customer = await newCustomer();
      await linkUserToCustomer(gateway, member.userId, customer);
      await linkUserToCustomer(gateway, member.userId, elsewhere);
    });

    for (const version of ['v4.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        describe('OBPv4.0.0-getUserCustomerLinksByUserId', () => {
          it("answers 200 with {user_customer_links: [...]}, this bank's links only", async () => {
            const res = await gateway
              .http()
              .get(`${linksPath(version)}/users/${member.userId}`)
              .set(linker.auth);
            const body = expectSuccess<LinksJson>(res, 200);
            expect(Object.keys(body)).to.deep.equal(['user_customer_links']);
            expect(body.user_customer_links.map((l) => l.customer_id)).to.deep.equal([
              customer.customer_id,
            ]);
            expect(Object.keys(body.user_customer_links[0] ?? {})).to.have.members(linkKeys);
          });

          it('answers 404 OBP-20057 for an unknown user', async () => {
            const res = await gateway
              .http()
              .get(`${linksPath(version)}/users/no-such-user`)
              .set(linker.auth);
            expectObpError(res, 404, 'OBP-20057');
          });
        });

        describe('OBPv4.0.0-getUserCustomerLinksByCustomerId', () => {
          it("answers 200 with the customer's links", async () => {
            const res = await gateway
              .http()
              .get(`${linksPath(version)}/customers/${customer.customer_id}`)
              .set(linker.auth);
            const body = expectSuccess<LinksJson>(res, 200);
            expect(body.user_customer_links.map((l) => l.user_id)).to.deep.equal([member.userId]);
          });

          it("answers 404 OBP-30046 for another bank's customer", async () => {
            const res = await gateway
              .http()
              .get(`${linksPath(version)}/customers/${elsewhere.customer_id}`)
              .set(linker.auth);
            expectObpError(res, 404, 'OBP-30046');
          });
        });

        describe('OBPv4.0.0-deleteUserCustomerLink', () => {
          it('answers 200 with body true; the link is gone, a second delete is 404 OBP-30035', async () => {
            const target = await newCustomer();
            const user = await gateway.user();
            const created = expectSuccess<LinkJson>(
              await gateway
                .http()
                .post(linksPath(version))
                .set(linker.auth)
                .send({ user_id: user.userId, customer_id: target.customer_id }),
              201,
            );
            const path = `${linksPath(version)}/${created.user_customer_link_id}`;
            const res = await gateway.http().delete(path).set(linker.auth);
            expectSuccess<boolean>(res, 200);
            expect(res.text).to.equal('true');

            const left = await gateway
              .http()
              .get(`${linksPath(version)}/customers/${target.customer_id}`)
              .set(linker.auth);
            expect(expectSuccess<LinksJson>(left, 200)).to.deep.equal({ user_customer_links: [] });

            const again = await gateway.http().delete(path).set(linker.auth);
            expect(expectObpError(again, 404, 'OBP-30035')).to.contain(
              `Current USER_CUSTOMER_LINK_ID(${created.user_customer_link_id})`,
            );
          });

          it("answers 404 OBP-30035 for a link of another bank's customer", async () => {
            const links = await gateway.services.connector.call(
              'getUserCustomerLinksByCustomerId',
              { customerId: elsewhere.customer_id },
              setupCallContext,
            );
            expect(links).to.have.length(1);
            const foreign = links[0]?.userCustomerLinkId as string;
            const res = await gateway
              .http()
              .delete(`${linksPath(version)}/${foreign}`)
              .set(linker.auth);
            expectObpError(res, 404, 'OBP-30035');
          });
        });
      });
    }
  });
});
