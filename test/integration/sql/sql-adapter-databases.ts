import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlAdapter, type SqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import { openSqlClient, type SqlClient } from '../../../src/adapter/index.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';

/**
 * One database for the sql adapter that outlives its clients, so a test can stop an adapter and
 * start another on the same data (a restart), or run two at once (two processes, PostgreSQL).
 */
export interface AdapterDatabase {
  /** A new client on this database. PGlite allows one open client per directory at a time. */
  connect(): Promise<SqlClient>;
  /** A new adapter on this database, owning a new client. */
  adapter(options?: { now?: () => Date; replyTtlMs?: number }): Promise<SqlAdapter>;
  /** Drops the schema, or deletes the directory. */
  destroy(): Promise<void>;
}

/** The adapter's two drivers: the real PostgreSQL (fresh schema) and file-backed PGlite. */
export const adapterDrivers: readonly {
  readonly name: 'postgres' | 'pglite';
  create(): Promise<AdapterDatabase>;
}[] = [
  {
    name: 'postgres',
    create() {
      const schema = `test_sql_adapter_${randomBytes(6).toString('hex')}`;
      const connect = (): Promise<SqlClient> =>
        openSqlClient({ databaseUrl: testDatabaseUrl(), schema, poolSize: 10 }).catch(
          (err: unknown) => {
            throw new Error(
              `PostgreSQL is not reachable at ${testDatabaseUrl()}: start one (trust auth, ` +
                'database "test") or set TEST_DATABASE_URL.',
              { cause: err },
            );
          },
        );
      return Promise.resolve(
        database(connect, async () => {
          const client = await openSqlClient({ databaseUrl: testDatabaseUrl() });
          try {
            await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          } finally {
            await client.close();
          }
        }),
      );
    },
  },
  {
    name: 'pglite',
    async create() {
      const dataDir = await mkdtemp(join(tmpdir(), 'southgate-sql-adapter-'));
      return database(
        () => openSqlClient({ dataDir }),
        () => rm(dataDir, { recursive: true, force: true }),
      );
    },
  },
];

function database(
  connect: () => Promise<SqlClient>,
  destroy: () => Promise<void>,
): AdapterDatabase {
  return {
    connect,
    async adapter(options = {}) {
      const client = await connect();
      try {
        return await createSqlAdapter({ client, ...options });
      } catch (err) {
        await client.close();
        throw err;
      }
    },
    destroy,
  };
}
