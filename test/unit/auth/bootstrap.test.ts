import { expect } from 'chai';
import { ensureBootstrapAccounts } from '../../../src/auth/bootstrap.js';
import { expectObpError, openAuthFixture, type AuthFixture } from './auth-fixture.js';

function loginHeaders(credentials: { username: string; password: string; consumerKey: string }) {
  return {
    directlogin: `username=${credentials.username}, password="${credentials.password}", consumer_key=${credentials.consumerKey}`,
  };
}

describe('ensureBootstrapAccounts', () => {
  describe('without configured credentials', () => {
    let fixture: AuthFixture;
    beforeEach(async () => {
      fixture = await openAuthFixture();
    });
    afterEach(() => fixture.close());

    it('creates a demo super admin and consumer on the first start only', async () => {
      const demo = await ensureBootstrapAccounts(fixture);
      expect(demo?.username).to.equal('admin');
      expect(demo?.consumerKey).to.match(/^[A-Za-z0-9]{40}$/);
      const { token } = await fixture.auth.login(loginHeaders(demo!));
      const principal = fixture.auth.authenticate({ directlogin: `token=${token}` });
      const roles = await fixture.entitlements.rolesOf(principal!.userId);
      expect(roles.has('CanCreateEntitlementAtAnyBank', '')).to.be.true;

      expect(await ensureBootstrapAccounts(fixture)).to.equal(undefined);
      const [count] = await fixture.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM users',
      );
      expect(count?.n).to.equal(1);
    });

    it('creates nothing when users already exist', async () => {
      await fixture.users.createUser({
        username: 'someone',
        email: 'someone@example.com',
        password: 'Str0ng!Passw0rd',
        firstName: '',
        lastName: '',
      });
      expect(await ensureBootstrapAccounts(fixture)).to.equal(undefined);
      expect(await fixture.users.findByUsername('admin')).to.equal(undefined);
    });

    it('gives demo credentials to one of two instances starting at once', async () => {
      const results = await Promise.all([
        ensureBootstrapAccounts(fixture),
        ensureBootstrapAccounts(fixture),
      ]);
      expect(results.filter((r) => r !== undefined)).to.have.length(1);
    });
  });

  describe('with configured credentials', () => {
    let fixture: AuthFixture;
    const credentials = { username: 'root', password: 'Ro0t!Passw0rd', consumerKey: 'bootKey123' };
    before(async () => {
      fixture = await openAuthFixture();
    });
    after(() => fixture.close());

    it('creates exactly that super admin and consumer, idempotently', async () => {
      expect(await ensureBootstrapAccounts(fixture, credentials)).to.equal(undefined);
      expect(await ensureBootstrapAccounts(fixture, credentials)).to.equal(undefined);
      const user = await fixture.users.findByUsername('root');
      expect(user?.isSuperAdmin).to.be.true;
      const [count] = await fixture.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM users',
      );
      expect(count?.n).to.equal(1);
      await fixture.auth.login(loginHeaders(credentials));
    });

    it('updates a changed password and restores the flag and the consumer', async () => {
      await ensureBootstrapAccounts(fixture, credentials);
      const user = await fixture.users.findByUsername('root');
      await fixture.users.setSuperAdmin(user!.userId, false);
      const consumer = await fixture.consumers.findByKey(credentials.consumerKey);
      await fixture.consumers.disableConsumer(consumer!.consumerId);

      const changed = { ...credentials, password: 'N3w!Passw0rd!' };
      await ensureBootstrapAccounts(fixture, changed);
      await fixture.auth.login(loginHeaders(changed));
      await expectObpError(() => fixture.auth.login(loginHeaders(credentials)), 'OBP-20004', 401);
      expect((await fixture.users.findByUsername('root'))?.isSuperAdmin).to.be.true;
    });

    it('revokes the tokens of an existing user it promotes or gives a new password, and only then', async () => {
      // Someone registered the configured name before the setting existed, and logged in.
      const holder = { ...credentials, username: 'squatter', password: 'Squ4tter!Passw0rd' };
      await fixture.users.createUser({
        username: holder.username,
        password: holder.password,
        email: 'squatter@example.com',
        firstName: 'Sq',
        lastName: 'Uatter',
      });
      const tokenOf = async (who: typeof holder) =>
        (await fixture.auth.login(loginHeaders(who))).token;
      const valid = (token: string) =>
        fixture.auth.authenticate({ directlogin: `token=${token}` })?.username === 'squatter';
      const revoked = (token: string) =>
        expectObpError(
          () => fixture.auth.authenticate({ directlogin: `token=${token}` }),
          'OBP-20003',
          401,
        );
      await ensureBootstrapAccounts(fixture, { ...holder, username: 'root' }); // the consumer
      const beforePromotion = await tokenOf(holder);
      await ensureBootstrapAccounts(fixture, holder); // promoted, same password
      await revoked(beforePromotion);

      const kept = await tokenOf(holder);
      await ensureBootstrapAccounts(fixture, holder); // nothing to change
      expect(valid(kept)).to.equal(true);

      const rotated = { ...holder, password: 'R0tated!Passw0rd' };
      await ensureBootstrapAccounts(fixture, rotated); // a new password
      await revoked(kept);
      expect(valid(await tokenOf(rotated))).to.equal(true);
    });

    it('refuses a weak configured password with 400 OBP-30207', async () => {
      await expectObpError(
        () =>
          ensureBootstrapAccounts(fixture, {
            ...credentials,
            username: 'weakling',
            password: 'weak',
          }),
        'OBP-30207',
        400,
      );
    });
  });
});
