import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { customerV310Body, taxResidenceBody } from './bodies.js';
import { createBank, createCustomer } from './endpoint-fixture.js';
import { expectObpError, expectSuccess, type CustomerJson } from './obp-assertions.js';

/** TaxResidenceV310. */
interface TaxResidenceJson {
  domain: string;
  tax_number: string;
  tax_residence_id: string;
}

const taxResidenceKeys = ['domain', 'tax_number', 'tax_residence_id'];

describe('tax residences', () => {
  let gateway: TestGateway;
  let clerk: TestUser;
  let customer: CustomerJson;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    const otherBank = await createBank(gateway);
    const creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    clerk = await gateway.user([
      ['CanCreateTaxResidence', demoBank],
      ['CanGetTaxResidence', demoBank],
      ['CanDeleteTaxResidence', demoBank],
    ]);
    customer = await createCustomer(gateway, creator, demoBank, customerV310Body());
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  // The three paths are spelled differently, as in OBP.
  const base = (version: string, customerId: string) =>
    `/obp/${version}/banks/${demoBank}/customers/${customerId}`;

  async function createTaxResidence(version: string): Promise<TaxResidenceJson> {
    const res = await gateway
      .http()
      .post(`${base(version, customer.customer_id)}/tax-residence`)
      .set(clerk.auth)
      .send(taxResidenceBody());
    return expectSuccess<TaxResidenceJson>(res, 201);
  }

  for (const version of ['v3.1.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      describe('OBPv3.1.0-createTaxResidence', () => {
        it('answers 201 with TaxResidenceV310', async () => {
          const created = await createTaxResidence(version);
          expect(Object.keys(created)).to.have.members(taxResidenceKeys);
          expect(created).to.deep.include(taxResidenceBody());
          expect(created.tax_residence_id).to.be.a('string').and.not.equal('');
        });

        it('answers 400 OBP-10001 naming a missing tax_number', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, customer.customer_id)}/tax-residence`)
            .set(clerk.auth)
            .send({ domain: 'Enter some domain' });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('PostTaxResidenceJsonV310');
          expect(message).to.contain('tax_number');
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, 'no-such-customer')}/tax-residence`)
            .set(clerk.auth)
            .send(taxResidenceBody());
          expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
            '.. Current CustomerId(no-such-customer)',
          );
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .post(`${base(version, elsewhere.customer_id)}/tax-residence`)
            .set(clerk.auth)
            .send(taxResidenceBody());
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-getTaxResidence', () => {
        it('answers 200 with {tax_residence: [...]} (a singular key holding an array)', async () => {
          const created = await createTaxResidence(version);
          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/tax-residences`)
            .set(clerk.auth);
          const body = expectSuccess<{ tax_residence: TaxResidenceJson[] }>(res, 200);
          expect(Object.keys(body)).to.deep.equal(['tax_residence']);
          expect(body.tax_residence).to.deep.include(created);
        });

        it('enforces CanGetTaxResidence (⚠ undeclared in OBP): 403 with the create role alone', async () => {
          const user = await gateway.user([['CanCreateTaxResidence', demoBank]]);
          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/tax-residences`)
            .set(user.auth);
          expect(expectObpError(res, 403, 'OBP-20006')).to.contain('CanGetTaxResidence');
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .get(`${base(version, 'no-such-customer')}/tax-residences`)
            .set(clerk.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-deleteTaxResidence', () => {
        it('answers 200 with body true; it is gone, and a second delete is 404 OBP-30300', async () => {
          const created = await createTaxResidence(version);
          const path = `${base(version, customer.customer_id)}/tax_residencies/${created.tax_residence_id}`;
          const res = await gateway.http().delete(path).set(clerk.auth);
          expectSuccess<boolean>(res, 200);
          expect(res.text).to.equal('true');

          const list = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/tax-residences`)
            .set(clerk.auth);
          expect(
            expectSuccess<{ tax_residence: TaxResidenceJson[] }>(list, 200).tax_residence.map(
              (t) => t.tax_residence_id,
            ),
          ).to.not.include(created.tax_residence_id);

          const again = await gateway.http().delete(path).set(clerk.auth);
          expect(expectObpError(again, 404, 'OBP-30300')).to.contain(
            `Current TAX_RESIDENCE_ID(${created.tax_residence_id})`,
          );
        });

        it('enforces CanDeleteTaxResidence (⚠ undeclared in OBP): 403 with the create role alone', async () => {
          const created = await createTaxResidence(version);
          const user = await gateway.user([['CanCreateTaxResidence', demoBank]]);
          const res = await gateway
            .http()
            .delete(
              `${base(version, customer.customer_id)}/tax_residencies/${created.tax_residence_id}`,
            )
            .set(user.auth);
          expect(expectObpError(res, 403, 'OBP-20006')).to.contain('CanDeleteTaxResidence');
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .delete(`${base(version, elsewhere.customer_id)}/tax_residencies/any-residence`)
            .set(clerk.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });
    });
  }
});
