import { randomBytes } from 'node:crypto';
import { openSqlClient, type SqlClient } from '../../src/store/sql-client.js';

const defaultUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** The PostgreSQL the integration tests use: TEST_DATABASE_URL, else the CI server. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? defaultUrl;
}

/**
 * A client on the real test PostgreSQL, isolated in a fresh schema with a unique name that
 * `close()` drops. Throws, never skips, when PostgreSQL cannot be reached: the message says how
 * to provide one.
 */
export async function openTestDatabase(): Promise<SqlClient> {
  const url = testDatabaseUrl();
  const schema = `test_${randomBytes(6).toString('hex')}`;
  let client: SqlClient;
  try {
    client = await openSqlClient({
      databaseUrl: url,
      schema,
      poolSize: 5,
      connectTimeoutMs: 5_000,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `PostgreSQL is not reachable at ${redact(url)} (${reason}). Start a PostgreSQL server ` +
        'there (trust auth, database "test"), or set TEST_DATABASE_URL to a database the tests may use.',
      { cause: err },
    );
  }
  return {
    dialect: client.dialect,
    query: (text, params) => client.query(text, params),
    transaction: (fn) => client.transaction(fn),
    ...(client.listen && {
      listen: (channel, onNotice, onResumed) =>
        (client.listen as NonNullable<SqlClient['listen']>).call(
          client,
          channel,
          onNotice,
          onResumed,
        ),
    }),
    close: async () => {
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.close();
      }
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
