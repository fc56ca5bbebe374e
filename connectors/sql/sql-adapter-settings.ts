import { join } from 'node:path';

/** How the `sql` adapter reaches its database, read from the environment. */
export interface SqlAdapterSettings {
  /** PostgreSQL URL; undefined → embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Directory of the embedded database (`<DATA_DIR>/sql-adapter`). */
  readonly dataDir: string;
  /** Schema for the adapter's tables; undefined → the connection's default. */
  readonly schema: string | undefined;
  readonly poolSize: number;
  readonly replyTtlMs: number;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads the sql adapter's settings: `SQL_ADAPTER_DATABASE_URL`, else `DATABASE_URL` (unset or
 * empty → embedded PGlite under `<dataDir>/sql-adapter`), `SQL_ADAPTER_POOL_SIZE` (10),
 * `SQL_ADAPTER_REPLY_TTL_SECONDS` (86400) and `SQL_ADAPTER_SCHEMA`. Throws one Error naming every
 * invalid setting.
 */
export function readSqlAdapterSettings(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): SqlAdapterSettings {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const schema = text('SQL_ADAPTER_SCHEMA');
  if (schema !== undefined && !schemaPattern.test(schema)) {
    problems.push('SQL_ADAPTER_SCHEMA: use a-z, 0-9 and _, at most 63 characters');
  }
  const settings: SqlAdapterSettings = {
    databaseUrl: text('SQL_ADAPTER_DATABASE_URL') ?? text('DATABASE_URL'),
    dataDir: join(dataDir, 'sql-adapter'),
    schema,
    poolSize: whole('SQL_ADAPTER_POOL_SIZE', 10, 1, 1000),
    replyTtlMs: whole('SQL_ADAPTER_REPLY_TTL_SECONDS', 86_400, 1, 365 * 86_400) * 1000,
  };
  if (problems.length > 0) {
    throw new Error(`Invalid configuration of the sql adapter: ${problems.join('; ')}`);
  }
  return settings;
}
