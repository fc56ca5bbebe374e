import { gatewayMigrations } from '../../../src/store/gateway-migrations.js';
import { expect } from 'chai';
import { GatewayStore } from '../../../src/store/gateway-store.js';
import type { NewUserRecord } from '../../../src/store/user-repository.js';
import { openTestDatabase } from '../../helpers/test-database.js';
import type { SqlClient } from '../../../src/store/sql-client.js';

describe('GatewayStore (postgres)', () => {
  let sql: SqlClient;
  let store: GatewayStore;
  before(async () => {
    sql = await openTestDatabase();
    store = await GatewayStore.open(sql);
  });
  after(() => sql.close());

  let n = 0;
  const newUser = (overrides: Partial<NewUserRecord> = {}): NewUserRecord => {
    n += 1;
    return {
      userId: `user-${n}`,
      username: `name-${n}`,
      email: 'u@example.com',
      firstName: 'U',
      lastName: 'Ser',
      passwordHash: 'hash',
      provider: 'southgate',
      isSuperAdmin: false,
      ...overrides,
    };
  };

  it('runs its migrations idempotently', async () => {
    await GatewayStore.open(sql);
    const rows = await sql.query('SELECT version FROM gateway_migrations');
    expect(rows).to.deep.equal(gatewayMigrations.map((m) => ({ version: m.version })));
  });

  it('inserts users and reports a taken username instead of throwing', async () => {
    const user = newUser();
    expect(await store.users.insert(user)).to.be.true;
    expect(await store.users.insert(newUser({ username: user.username }))).to.be.false;
    const found = await store.users.findByUsername(user.username);
    expect(found).to.include({ userId: user.userId, failedLoginAttempts: 0, locked: false });
    expect(found?.createdAt).to.be.instanceOf(Date);
    expect(await store.users.hasAny()).to.be.true;
  });

  it('counts failed logins atomically and locks at the limit', async () => {
    const user = newUser();
    await store.users.insert(user);
    const states = await Promise.all(
      [1, 2, 3].map(() => store.users.recordFailedLogin(user.userId, 3)),
    );
    expect(states.map((s) => s?.failedLoginAttempts).sort()).to.deep.equal([1, 2, 3]);
    expect((await store.users.findById(user.userId))?.locked).to.be.true;
    await store.users.unlock(user.username);
    expect(await store.users.findById(user.userId)).to.include({
      locked: false,
      failedLoginAttempts: 0,
    });
  });

  it('returns one signing secret to racing instances', async () => {
    const secrets = await Promise.all([
      new GatewayStore(sql).tokenSigningSecret(),
      new GatewayStore(sql).tokenSigningSecret(),
    ]);
    expect(secrets[0]).to.equal(secrets[1]);
    expect(secrets[0]).to.have.length.of.at.least(43);
  });

  it('keeps entitlements unique per user, bank and role', async () => {
    const user = newUser();
    await store.users.insert(user);
    const grant = {
      entitlementId: 'e1',
      userId: user.userId,
      bankId: 'b',
      roleName: 'CanGetCustomer',
    };
    expect(await store.entitlements.insert(grant)).to.be.true;
    expect(await store.entitlements.insert({ ...grant, entitlementId: 'e2' })).to.be.false;
    expect(await store.entitlements.insert({ ...grant, entitlementId: 'e3', bankId: 'c' })).to.be
      .true;
    expect(
      (await store.entitlements.listByUser(user.userId)).map((e) => e.entitlementId),
    ).to.have.members(['e1', 'e3']);
    expect((await store.entitlements.delete('e1'))?.userId).to.equal(user.userId);
    expect(await store.entitlements.delete('e1')).to.equal(undefined);
  });

  it('lists revoked unexpired tokens only', async () => {
    const user = newUser();
    await store.users.insert(user);
    await store.consumers.insert({
      consumerId: `c-${user.userId}`,
      name: 'c',
      keyHash: `k-${user.userId}`,
    });
    const base = { userId: user.userId, consumerId: `c-${user.userId}`, issuedAt: new Date() };
    const future = new Date(Date.now() + 60_000);
    await store.tokens.insert({ ...base, tokenId: `${user.userId}-live`, expiresAt: future });
    await store.tokens.insert({ ...base, tokenId: `${user.userId}-revoked`, expiresAt: future });
    await store.tokens.insert({
      ...base,
      tokenId: `${user.userId}-old`,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await store.tokens.revoke(`${user.userId}-revoked`)).to.be.true;
    expect(await store.tokens.revoke(`${user.userId}-revoked`)).to.be.false;
    await store.tokens.revoke(`${user.userId}-old`);
    const revoked = await store.tokens.listRevokedUnexpired();
    expect(revoked).to.include(`${user.userId}-revoked`);
    expect(revoked).not.to.include(`${user.userId}-old`);
    expect(revoked).not.to.include(`${user.userId}-live`);
    expect(await store.tokens.revokeAllOfUser(user.userId)).to.deep.equal([`${user.userId}-live`]);
    // Expired records are purged; live ones, revoked or not, stay.
    expect(await store.tokens.purgeExpired()).to.be.at.least(1);
    const left = await sql.query<{ id: string }>(
      'SELECT token_id AS id FROM tokens WHERE user_id = $1',
      [user.userId],
    );
    expect(left.map((r) => r.id)).to.have.members([
      `${user.userId}-live`,
      `${user.userId}-revoked`,
    ]);
  });

  it('binds a store to a transaction', async () => {
    const user = newUser();
    let caught: unknown;
    try {
      await store.transaction(async (tx) => {
        await tx.users.insert(user);
        throw new Error('abort');
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(Error);
    expect(await store.users.findById(user.userId)).to.equal(undefined);
  });
});
