import pg from 'pg';

/** Drops one benchmark run's PostgreSQL schema (the sql backend's tables and data). */
export function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  return run(databaseUrl, (quoted) => `DROP SCHEMA IF EXISTS ${quoted} CASCADE`, schema);
}

/** Creates a benchmark run's schema for the gateway store, which does not create its own. */
export function createSchema(databaseUrl: string, schema: string): Promise<void> {
  return run(databaseUrl, (quoted) => `CREATE SCHEMA IF NOT EXISTS ${quoted}`, schema);
}

async function run(
  databaseUrl: string,
  statement: (quotedSchema: string) => string,
  schema: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The name is ours (bench_<digits>_<pid>…), quoted as an identifier all the same.
    await client.query(statement(`"${schema.replace(/"/g, '""')}"`));
  } finally {
    await client.end();
  }
}
