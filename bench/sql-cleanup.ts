import pg from 'pg';

/** Drops one benchmark run's PostgreSQL schema (the sql backend's tables and data). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The name is ours (bench_<digits>_<pid>), quoted as an identifier all the same.
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}
