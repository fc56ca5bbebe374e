import { expect } from 'chai';
import { EntitlementService } from '../../../src/auth/entitlement-service.js';
import { roleNames } from '../../../src/auth/roles.js';
import {
  expectObpError,
  openAuthFixture,
  strongPassword,
  uniqueUsername,
  type AuthFixture,
} from './auth-fixture.js';

describe('EntitlementService', () => {
  let fixture: AuthFixture;
  before(async () => {
    fixture = await openAuthFixture();
  });
  after(() => fixture.close());

  async function newUserId(isSuperAdmin = false): Promise<string> {
    const user = await fixture.users.createUser({
      username: uniqueUsername(),
      email: 'someone@example.com',
      password: strongPassword,
      firstName: 'Some',
      lastName: 'One',
      isSuperAdmin,
    });
    return user.userId;
  }

  describe('grant and rolesOf', () => {
    it('holds a bank role at its bank only', async () => {
      const userId = await newUserId();
      const granted = await fixture.entitlements.grant(userId, 'CanCreateCustomer', 'bank-a');
      expect(granted).to.include({
        roleName: 'CanCreateCustomer',
        bankId: 'bank-a',
        implicit: false,
      });
      const roles = await fixture.entitlements.rolesOf(userId);
      expect(roles.has('CanCreateCustomer', 'bank-a')).to.be.true;
      expect(roles.has('CanCreateCustomer', 'bank-b')).to.be.false;
      expect(roles.has('CanCreateCustomer', '')).to.be.false;
      expect(roles.has('CanGetCustomer', 'bank-a')).to.be.false;
    });

    it('holds a system role at every bank', async () => {
      const userId = await newUserId();
      await fixture.entitlements.grant(userId, 'CanCreateCustomerAtAnyBank', '');
      const roles = await fixture.entitlements.rolesOf(userId);
      expect(roles.has('CanCreateCustomerAtAnyBank', 'bank-a')).to.be.true;
      expect(roles.has('CanCreateCustomerAtAnyBank', '')).to.be.true;
      expect(roles.has('CanCreateCustomer', 'bank-a')).to.be.false;
    });

    it('answers 400 OBP-30205 for a bank role without a bank id', async () => {
      await expectObpError(
        async () => fixture.entitlements.grant(await newUserId(), 'CanCreateCustomer', ''),
        'OBP-30205',
        400,
      );
    });

    it('answers 400 OBP-30206 for a system role with a bank id', async () => {
      await expectObpError(
        async () => fixture.entitlements.grant(await newUserId(), 'CanCreateBank', 'bank-a'),
        'OBP-30206',
        400,
      );
    });

    it('answers 400 OBP-10007 for an unknown role, listing the possible roles sorted', async () => {
      const error = await expectObpError(
        async () => fixture.entitlements.grant(await newUserId(), 'CanFly', ''),
        'OBP-10007',
        400,
      );
      expect(error.message).to.equal(
        `OBP-10007: Incorrect Role name: CanFly. Possible roles are ${[...roleNames].sort().join(', ')}`,
      );
    });

    it('answers 400 OBP-30216 for a duplicate grant, also when two grants race', async () => {
      const userId = await newUserId();
      await fixture.entitlements.grant(userId, 'CanGetCustomer', 'bank-a');
      await expectObpError(
        () => fixture.entitlements.grant(userId, 'CanGetCustomer', 'bank-a'),
        'OBP-30216',
        400,
      );
      const results = await Promise.allSettled([
        fixture.entitlements.grant(userId, 'CanGetCustomers', 'bank-a'),
        fixture.entitlements.grant(userId, 'CanGetCustomers', 'bank-a'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      const rejected = results.find((r) => r.status === 'rejected');
      await expectObpError(
        () => Promise.reject((rejected as PromiseRejectedResult).reason as Error),
        'OBP-30216',
        400,
      );
    });

    it('answers 404 OBP-20005 for an unknown user', async () => {
      const error = await expectObpError(
        () => fixture.entitlements.grant('no-such-user', 'CanCreateBank', ''),
        'OBP-20005',
        404,
      );
      expect(error.detail).to.equal(' Current USER_ID(no-such-user)');
    });

    it('gives an unknown user no roles', async () => {
      const roles = await fixture.entitlements.rolesOf('no-such-user');
      expect(roles.has('CanCreateBank', '')).to.be.false;
    });
  });

  describe('super admins', () => {
    it('hold only the two grant roles implicitly, at any bank', async () => {
      const roles = await fixture.entitlements.rolesOf(await newUserId(true));
      expect(roles.has('CanCreateEntitlementAtAnyBank', '')).to.be.true;
      expect(roles.has('CanCreateEntitlementAtOneBank', 'bank-a')).to.be.true;
      expect(roles.has('CanCreateEntitlementAtOneBank', 'bank-b')).to.be.true;
      expect(roles.has('CanCreateCustomer', 'bank-a')).to.be.false;
      expect(roles.has('CanGetEntitlementsForAnyUserAtAnyBank', '')).to.be.false;
    });

    it('see the implicit roles, marked, after their grants in list', async () => {
      const userId = await newUserId(true);
      const granted = await fixture.entitlements.grant(userId, 'CanCreateBank', '');
      expect(await fixture.entitlements.list(userId)).to.deep.equal([
        granted,
        {
          entitlementId: '',
          roleName: 'CanCreateEntitlementAtAnyBank',
          bankId: '',
          implicit: true,
        },
        {
          entitlementId: '',
          roleName: 'CanCreateEntitlementAtOneBank',
          bankId: '',
          implicit: true,
        },
      ]);
    });

    it('lose the implicit roles at once when demoted through UserService', async () => {
      const userId = await newUserId(true);
      expect((await fixture.entitlements.rolesOf(userId)).has('CanCreateEntitlementAtAnyBank', ''))
        .to.be.true;
      await fixture.users.setSuperAdmin(userId, false);
      expect((await fixture.entitlements.rolesOf(userId)).has('CanCreateEntitlementAtAnyBank', ''))
        .to.be.false;
    });
  });

  describe('list and revoke', () => {
    it('lists a plain user’s grants only', async () => {
      const userId = await newUserId();
      const a = await fixture.entitlements.grant(userId, 'CanGetCustomer', 'bank-a');
      const b = await fixture.entitlements.grant(userId, 'CanCreateBank', '');
      expect(await fixture.entitlements.list(userId)).to.have.deep.members([a, b]);
    });

    it('answers 404 OBP-20005 when listing an unknown user', async () => {
      await expectObpError(() => fixture.entitlements.list('no-such-user'), 'OBP-20005', 404);
    });

    it('revokes an entitlement, effective at once', async () => {
      const userId = await newUserId();
      const granted = await fixture.entitlements.grant(userId, 'CanGetCustomer', 'bank-a');
      expect((await fixture.entitlements.rolesOf(userId)).has('CanGetCustomer', 'bank-a')).to.be
        .true;
      expect(await fixture.entitlements.revoke(granted.entitlementId)).to.be.true;
      expect((await fixture.entitlements.rolesOf(userId)).has('CanGetCustomer', 'bank-a')).to.be
        .false;
      expect(await fixture.entitlements.revoke(granted.entitlementId)).to.be.false;
    });
  });

  describe('role cache', () => {
    it('serves cached roles until the TTL, so other instances’ grants show within it', async () => {
      let now = 1_000_000;
      const cached = new EntitlementService(fixture.store, { cacheTtlMs: 10_000, now: () => now });
      const userId = await newUserId();
      expect((await cached.rolesOf(userId)).has('CanCreateBank', '')).to.be.false;

      await fixture.entitlements.grant(userId, 'CanCreateBank', ''); // another "instance"
      now += 9_999;
      expect((await cached.rolesOf(userId)).has('CanCreateBank', '')).to.be.false;
      now += 1;
      expect((await cached.rolesOf(userId)).has('CanCreateBank', '')).to.be.true;
    });

    it('does not hit the database while cached', async () => {
      const cached = new EntitlementService(fixture.store, { cacheTtlMs: 60_000 });
      const userId = await newUserId();
      const first = cached.rolesOf(userId);
      expect(cached.rolesOf(userId)).to.equal(first);
      await first;
      expect(cached.rolesOf(userId)).to.equal(first);
    });

    it('drops a user’s roles at once on a grant through the same instance', async () => {
      const cached = new EntitlementService(fixture.store, { cacheTtlMs: 60_000 });
      const userId = await newUserId();
      expect((await cached.rolesOf(userId)).has('CanCreateBank', '')).to.be.false;
      await cached.grant(userId, 'CanCreateBank', '');
      expect((await cached.rolesOf(userId)).has('CanCreateBank', '')).to.be.true;
    });

    it('tells onChange of grants and revocations before they return; forgetCached tells no one', async () => {
      const told: string[] = [];
      let release: () => void = () => undefined;
      let called: () => void = () => undefined;
      const nextCall = () => new Promise<void>((resolve) => (called = resolve));
      const cached = new EntitlementService(fixture.store, {
        cacheTtlMs: 60_000,
        onChange: (id) => {
          told.push(id);
          called();
          return new Promise<void>((resolve) => (release = resolve));
        },
      });
      // Once onChange was called, a turn of the event loop would let a grant that does not
      // wait for it finish.
      const settle = () => new Promise((resolve) => setImmediate(resolve));
      const userId = await newUserId();
      let granted = false;
      const toldOfGrant = nextCall();
      const grant = cached.grant(userId, 'CanCreateBank', '').then((view) => {
        granted = true;
        return view;
      });
      await toldOfGrant;
      await settle();
      expect(told).to.deep.equal([userId]);
      expect(granted, 'the grant waits for onChange').to.equal(false);
      release();
      const { entitlementId } = await grant;

      let revoked = false;
      const toldOfRevoke = nextCall();
      const revoke = cached.revoke(entitlementId).then((done) => {
        revoked = true;
        return done;
      });
      await toldOfRevoke;
      await settle();
      expect(told).to.deep.equal([userId, userId]);
      expect(revoked, 'the revocation waits for onChange').to.equal(false);
      release();
      expect(await revoke).to.equal(true);

      // A change another worker made: this cache reloads, and nobody else is told.
      const other = await newUserId();
      expect((await cached.rolesOf(other)).has('CanCreateBank', '')).to.be.false;
      await fixture.entitlements.grant(other, 'CanCreateBank', '');
      cached.forgetCached(other);
      expect((await cached.rolesOf(other)).has('CanCreateBank', '')).to.be.true;
      expect(told).to.deep.equal([userId, userId]);
    });

    it('keeps at most maxCachedUsers users', async () => {
      const cached = new EntitlementService(fixture.store, {
        cacheTtlMs: 60_000,
        maxCachedUsers: 1,
      });
      const first = cached.rolesOf('user-a');
      const second = cached.rolesOf('user-b');
      const reloaded = cached.rolesOf('user-a');
      expect(reloaded).not.to.equal(first);
      await Promise.all([first, second, reloaded]);
    });
  });
});
