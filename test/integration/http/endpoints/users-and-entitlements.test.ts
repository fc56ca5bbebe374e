import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  demoBank,
  startTestGateway,
  testPassword,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { uniqueBankId } from './bodies.js';
import { createBank } from './endpoint-fixture.js';
import { expectObpError, expectSuccess } from './obp-assertions.js';

/** EntitlementJSON. */
interface EntitlementJson {
  entitlement_id: string;
  role_name: string;
  bank_id: string;
}

/** UserJsonV200. */
interface UserJson {
  user_id: string;
  email: string;
  provider_id: string;
  provider: string;
  username: string;
  entitlements: { list: EntitlementJson[] };
}

const userKeys = ['user_id', 'email', 'provider_id', 'provider', 'username', 'entitlements'];

function userBody(overrides: Record<string, string> = {}): Record<string, string> {
  const username = `felix${randomUUID().slice(0, 8)}`;
  return {
    email: `${username}@example.com`,
    username,
    password: testPassword,
    first_name: 'Felix',
    last_name: 'Smith',
    ...overrides,
  };
}

describe('users and entitlements', () => {
  let gateway: TestGateway;
  let admin: TestUser;
  let otherBank: string;

  before(async () => {
    gateway = await startTestGateway();
    otherBank = await createBank(gateway);
    admin = await gateway.user();
    await gateway.authServices.users.setSuperAdmin(admin.userId, true);
  });

  after(() => gateway.close());

  describe('OBPv2.0.0-createUser', () => {
    for (const version of ['v2.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        it('answers 201 anonymously with UserJsonV200 and no roles; the user can log in', async () => {
          const sent = userBody();
          const res = await gateway.http().post(`/obp/${version}/users`).send(sent);
          const body = expectSuccess<UserJson>(res, 201);
          expect(Object.keys(body)).to.have.members(userKeys);
          expect(body).to.deep.include({
            email: sent.email,
            username: sent.username,
            provider_id: sent.username,
            entitlements: { list: [] },
          });
          expect(body.user_id).to.be.a('string').and.not.equal('');
          expect(body.provider).to.be.a('string').and.not.equal('');

          const login = await gateway
            .http()
            .post('/my/logins/direct')
            .set(
              'DirectLogin',
              `username=${sent.username}, password=${sent.password}, consumer_key=${gateway.consumerKey}`,
            );
          expectSuccess<{ token: string }>(login, 201);
        });

        it('answers 400 OBP-30207 for a weak password', async () => {
          const res = await gateway
            .http()
            .post(`/obp/${version}/users`)
            .send(userBody({ password: 'password' }));
          expectObpError(res, 400, 'OBP-30207');
        });

        it('answers 409 OBP-20258 for a username already taken', async () => {
          const sent = userBody();
          expectSuccess<UserJson>(
            await gateway.http().post(`/obp/${version}/users`).send(sent),
            201,
          );
          const again = await gateway
            .http()
            .post(`/obp/${version}/users`)
            .send({ ...sent, email: `other-${sent.email}` });
          expectObpError(again, 409, 'OBP-20258');
        });

        it('answers 400 OBP-10001 naming a missing field', async () => {
          const { last_name: _omitted, ...sent } = userBody();
          const res = await gateway.http().post(`/obp/${version}/users`).send(sent);
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('CreateUserJson');
          expect(message).to.contain('last_name');
        });
      });
    }

    describe('with self-registration switched off', () => {
      let closed: TestGateway;
      before(async () => {
        closed = await startTestGateway({ settings: { allowUserSelfRegistration: false } });
      });
      after(() => closed.close());

      for (const version of ['v2.0.0', 'v5.1.0']) {
        it(`answers 401 OBP-20001 anonymously, 403 OBP-20050 to a user, 201 to a super admin under ${version}`, async () => {
          const anonymous = await closed.http().post(`/obp/${version}/users`).send(userBody());
          expectObpError(anonymous, 401, 'OBP-20001');

          const user = await closed.user();
          const plain = await closed
            .http()
            .post(`/obp/${version}/users`)
            .set(user.auth)
            .send(userBody());
          expectObpError(plain, 403, 'OBP-20050');

          const superAdmin = await closed.user();
          await closed.authServices.users.setSuperAdmin(superAdmin.userId, true);
          const created = await closed
            .http()
            .post(`/obp/${version}/users`)
            .set(superAdmin.auth)
            .send(userBody());
          expectSuccess<UserJson>(created, 201);
        });
      }
    });
  });

  describe('OBPv3.0.0-getCurrentUser', () => {
    for (const version of ['v2.0.0', 'v5.1.0']) {
      it(`answers 200 under ${version} with the caller and their entitlements`, async () => {
        const user = await gateway.user([
          ['CanGetCustomer', demoBank],
          ['CanCreateCustomerAtAnyBank', ''],
        ]);
        const res = await gateway.http().get(`/obp/${version}/users/current`).set(user.auth);
        const body = expectSuccess<UserJson>(res, 200);
        expect(Object.keys(body)).to.have.members(userKeys);
        expect(body).to.deep.include({
          user_id: user.userId,
          username: user.username,
          email: `${user.username}@example.com`,
        });
        expect(
          body.entitlements.list.map(({ role_name, bank_id }) => ({ role_name, bank_id })),
        ).to.have.deep.members([
          { role_name: 'CanGetCustomer', bank_id: demoBank },
          { role_name: 'CanCreateCustomerAtAnyBank', bank_id: '' },
        ]);
      });
    }
  });

  describe('OBPv2.0.0-addEntitlement', () => {
    for (const version of ['v2.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        const grant = (granter: TestUser, userId: string, body: Record<string, unknown>) =>
          gateway
            .http()
            .post(`/obp/${version}/users/${userId}/entitlements`)
            .set(granter.auth)
            .send(body);

        it('lets a super admin grant a bank role (201 EntitlementJSON) that then works', async () => {
          const grantee = await gateway.user();
          const getCustomer = () =>
            gateway
              .http()
              .get(`/obp/v5.1.0/banks/${demoBank}/customers/no-such-customer`)
              .set(grantee.auth);
          expectObpError(await getCustomer(), 403, 'OBP-20006');

          const res = await grant(admin, grantee.userId, {
            bank_id: demoBank,
            role_name: 'CanGetCustomer',
          });
          const body = expectSuccess<EntitlementJson>(res, 201);
          expect(Object.keys(body)).to.have.members(['entitlement_id', 'role_name', 'bank_id']);
          expect(body).to.deep.include({ role_name: 'CanGetCustomer', bank_id: demoBank });
          expect(body.entitlement_id).to.be.a('string').and.not.equal('');

          // Past the role check now: the customer is what is missing.
          expectObpError(await getCustomer(), 404, 'OBP-30046');
        });

        it('lets a super admin grant a system role with bank_id ""', async () => {
          const grantee = await gateway.user();
          const res = await grant(admin, grantee.userId, {
            bank_id: '',
            role_name: 'CanCreateCustomerAtAnyBank',
          });
          expect(expectSuccess<EntitlementJson>(res, 201)).to.deep.include({
            role_name: 'CanCreateCustomerAtAnyBank',
            bank_id: '',
          });
        });

        it('answers 400 OBP-30205 for a bank role with bank_id ""', async () => {
          const grantee = await gateway.user();
          const res = await grant(admin, grantee.userId, {
            bank_id: '',
            role_name: 'CanGetCustomer',
          });
          expectObpError(res, 400, 'OBP-30205');
        });

        it('answers 400 OBP-30206 for a system role with a bank_id', async () => {
          const grantee = await gateway.user();
          const res = await grant(admin, grantee.userId, {
            bank_id: demoBank,
            role_name: 'CanCreateCustomerAtAnyBank',
          });
          expectObpError(res, 400, 'OBP-30206');
        });

        it('answers 400 OBP-10007 naming an unknown role', async () => {
          const grantee = await gateway.user();
          const res = await grant(admin, grantee.userId, {
            bank_id: '',
            role_name: 'CanDoAnything',
          });
          expect(expectObpError(res, 400, 'OBP-10007')).to.contain('CanDoAnything');
        });

        it('answers 400 OBP-30216 for an entitlement the user already has', async () => {
          const grantee = await gateway.user([['CanGetCustomer', demoBank]]);
          const res = await grant(admin, grantee.userId, {
            bank_id: demoBank,
            role_name: 'CanGetCustomer',
          });
          expectObpError(res, 400, 'OBP-30216');
        });

        it('answers 404 OBP-20005 for an unknown user', async () => {
          const res = await grant(admin, 'no-such-user', {
            bank_id: demoBank,
            role_name: 'CanGetCustomer',
          });
          expect(expectObpError(res, 404, 'OBP-20005')).to.contain('Current USER_ID(no-such-user)');
        });

        it('answers 404 OBP-30001 for an unknown bank in the body', async () => {
          const grantee = await gateway.user();
          const bankId = uniqueBankId();
          const res = await grant(admin, grantee.userId, {
            bank_id: bankId,
            role_name: 'CanGetCustomer',
          });
          expectObpError(res, 404, 'OBP-30001');
        });

        it('answers 400 OBP-10001 naming a missing role_name', async () => {
          const grantee = await gateway.user();
          const res = await grant(admin, grantee.userId, { bank_id: demoBank });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('CreateEntitlementJSON');
          expect(message).to.contain('role_name');
        });

        it('refuses a user who is not a super admin and holds no grant role (403 OBP-20006, OBP-20050)', async () => {
          const plain = await gateway.user([['CanGetCustomer', demoBank]]);
          const res = await grant(plain, plain.userId, {
            bank_id: demoBank,
            role_name: 'CanCreateCustomer',
          });
          expect(expectObpError(res, 403, 'OBP-20006')).to.contain(
            'OBP-20050: Current User is not a Super Admin!',
          );
        });

        it('lets a holder of CanCreateEntitlementAtOneBank grant at that bank only', async () => {
          const bankAdmin = await gateway.user([['CanCreateEntitlementAtOneBank', demoBank]]);
          const grantee = await gateway.user();
          const here = await grant(bankAdmin, grantee.userId, {
            bank_id: demoBank,
            role_name: 'CanCreateCustomer',
          });
          expectSuccess<EntitlementJson>(here, 201);
          const there = await grant(bankAdmin, grantee.userId, {
            bank_id: otherBank,
            role_name: 'CanCreateCustomer',
          });
          expectObpError(there, 403, 'OBP-20006');
        });
      });
    }
  });

  describe('OBPv2.0.0-getEntitlements', () => {
    for (const version of ['v2.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        let auditor: TestUser;
        before(async () => {
          auditor = await gateway.user([['CanGetEntitlementsForAnyUserAtAnyBank', '']]);
        });

        it("answers 200 with {list: [EntitlementJSON]} of the user's roles", async () => {
          const user = await gateway.user([['CanGetCustomer', demoBank]]);
          const res = await gateway
            .http()
            .get(`/obp/${version}/users/${user.userId}/entitlements`)
            .set(auditor.auth);
          const body = expectSuccess<{ list: EntitlementJson[] }>(res, 200);
          expect(Object.keys(body)).to.deep.equal(['list']);
          expect(body.list).to.have.length(1);
          expect(Object.keys(body.list[0] ?? {})).to.have.members([
            'entitlement_id',
            'role_name',
            'bank_id',
          ]);
          expect(body.list[0]).to.deep.include({ role_name: 'CanGetCustomer', bank_id: demoBank });
        });

        it("shows a super admin's implicit grant roles", async () => {
          const res = await gateway
            .http()
            .get(`/obp/${version}/users/${admin.userId}/entitlements`)
            .set(auditor.auth);
          const body = expectSuccess<{ list: EntitlementJson[] }>(res, 200);
          expect(body.list.map((e) => e.role_name)).to.have.members([
            'CanCreateEntitlementAtAnyBank',
            'CanCreateEntitlementAtOneBank',
          ]);
        });

        it('answers 404 OBP-20005 for an unknown user', async () => {
          const res = await gateway
            .http()
            .get(`/obp/${version}/users/no-such-user/entitlements`)
            .set(auditor.auth);
          expectObpError(res, 404, 'OBP-20005');
        });
      });
    }
  });
});
