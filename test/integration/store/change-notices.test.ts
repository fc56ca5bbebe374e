import { expect } from 'chai';
import { createAuthServices, type AuthServices } from '../../../src/auth/auth-services.js';
import { ChangeNotices, type StoreChange } from '../../../src/store/change-notices.js';
import { GatewayStore } from '../../../src/store/gateway-store.js';
import type { SqlClient } from '../../../src/store/sql-client.js';
import { openTestDatabase } from '../../helpers/test-database.js';
import { testLogger as logger } from '../../helpers/in-process-connector.js';
import {
  expectObpError,
  strongPassword,
  testScryptCost,
  uniqueUsername,
} from '../../unit/auth/auth-fixture.js';
import { until } from '../../helpers/until.js';

/** One gateway process's auth services, telling and hearing changes as app.ts wires them. */
interface Process {
  readonly services: AuthServices;
  readonly notices: ChangeNotices;
  readonly heard: StoreChange[];
  resumed: number;
}

describe('change notices between gateway processes on one PostgreSQL store', () => {
  let sql: SqlClient;
  let store: GatewayStore;
  let channel: string;
  const processes: Process[] = [];

  /** A process whose caches would keep everything for 10 minutes without the notices. */
  async function startProcess(): Promise<Process> {
    const notices = new ChangeNotices(sql, channel, logger);
    const services = await createAuthServices(store, {
      scryptCost: testScryptCost,
      entitlementCacheTtlMs: 600_000,
      onRolesChanged: (userId) => notices.publish({ kind: 'roles', userId }),
      onTokensRevoked: (tokenIds) => notices.publish({ kind: 'tokensRevoked', tokenIds }),
    });
    const process: Process = { services, notices, heard: [], resumed: 0 };
    await notices.listen(
      (change) => {
        process.heard.push(change);
        if (change.kind === 'roles') services.entitlements.forgetCached(change.userId);
        if (change.kind === 'tokensRevoked') services.auth.refuse(change.tokenIds);
      },
      () => {
        process.resumed++;
        services.entitlements.forgetAllCached();
      },
    );
    processes.push(process);
    return process;
  }

  before(async () => {
    sql = await openTestDatabase();
    store = await GatewayStore.open(sql);
    channel = ChangeNotices.channelFor(await store.tokenSigningSecret());
  });
  after(async () => {
    for (const p of processes) await p.notices.close();
    await sql?.close();
  });

  async function newUser(services: AuthServices): Promise<{ userId: string; username: string }> {
    return services.users.createUser({
      username: uniqueUsername('notice'),
      email: 'someone@example.com',
      password: strongPassword,
      firstName: 'Some',
      lastName: 'One',
    });
  }

  it('lets another process see a role granted here at once, not after its cache TTL', async () => {
    const [here, there] = [await startProcess(), await startProcess()];
    const { userId } = await newUser(here.services);
    const holds = async (p: Process) =>
      (await p.services.entitlements.rolesOf(userId)).has('CanCreateBank', '');
    expect(await holds(there)).to.equal(false); // cached for 10 minutes

    await here.services.entitlements.grant(userId, 'CanCreateBank', '');
    await until('the other process holds the role', () => holds(there), 10_000);
    expect(here.heard, 'a process ignores its own notices').to.deep.equal([]);
    expect(there.heard).to.deep.include({ kind: 'roles', userId });
  });

  it('lets another process refuse a token revoked here (as by the admin CLI) at once', async () => {
    const [here, there] = [await startProcess(), await startProcess()];
    const user = await newUser(here.services);
    const consumer = await here.services.consumers.createConsumer({ name: 'notices' });
    const { token } = await here.services.auth.login({
      directlogin: `username=${user.username}, password="${strongPassword}", consumer_key=${consumer.key}`,
    });
    const headers = { directlogin: `token=${token}` };
    expect(there.services.auth.authenticate(headers)?.userId).to.equal(user.userId);

    // `there` never refreshes its revocations from the database in this test.
    expect(await here.services.auth.revokeUserTokens(user.userId)).to.equal(1);
    await until(
      'the other process refuses the token',
      () => {
        try {
          there.services.auth.authenticate(headers);
          return false;
        } catch {
          return true;
        }
      },
      10_000,
    );
    await expectObpError(() => there.services.auth.authenticate(headers), 'OBP-20003', 401);
  });

  it('reopens a lost listener connection, starts afresh, and hears again; ignores junk', async () => {
    const [here, there] = [await startProcess(), await startProcess()];
    const { userId } = await newUser(here.services);
    await sql.query('SELECT pg_notify($1, $2)', [channel, 'not a notice']);
    await sql.query('SELECT pg_notify($1, $2)', [channel, '{"origin":"x","change":{"kind":1}}']);

    const listeners = await sql.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()',
      [`LISTEN "${channel}"`],
    );
    expect(listeners.length).to.be.at.least(2);
    await sql.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [
      listeners.map((l) => l.pid),
    ]);
    await until(
      'both processes listen again',
      () => here.resumed === 1 && there.resumed === 1,
      10_000,
    );

    await here.services.entitlements.grant(userId, 'CanCreateBank', '');
    await until(
      'the other process hears the grant',
      () => there.heard.some((c) => c.kind === 'roles' && c.userId === userId),
      10_000,
    );
    expect(there.heard.every((c) => typeof c.kind === 'string')).to.equal(true);
  });
});
