import { createHash } from 'node:crypto';
import type { SqlClient } from './sql-client.js';
import { quoteIdentifier } from './sql-identifier.js';

/** One forward-only schema change. Released migrations never change: add a new version. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One or more statements; runs in one transaction together with its bookkeeping row. */
  readonly sql: string;
}

/** Where one user of the database keeps its migration history, and the lock that guards it. */
export interface MigrationTarget {
  /** Table recording applied versions, e.g. `gateway_migrations`. */
  readonly table: string;
  /** `pg_advisory_xact_lock` key; distinct per migration set sharing a database. */
  readonly lockId: number;
}

/** The database and the code disagree about migrations; the process must not start. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

interface AppliedRow {
  readonly version: number;
  readonly checksum: string;
}

/**
 * Brings the database up to the last of `migrations`, one migration per transaction, and returns
 * the versions this call applied (empty when already up to date). Each transaction first takes
 * `pg_advisory_xact_lock(lockId)`, so processes starting at once apply each migration exactly
 * once. Throws {@link MigrationError} if an applied migration's text changed (checksum), if the
 * database holds a version this code does not know (a newer release ran), or if a pending
 * migration is older than an applied one; throws the driver's error if a migration fails (its
 * transaction is rolled back and nothing is recorded).
 */
export async function runMigrations(
  client: SqlClient,
  migrations: readonly Migration[],
  target: MigrationTarget,
): Promise<number[]> {
  assertWellFormed(migrations);
  if (!Number.isSafeInteger(target.lockId)) throw new Error('Migration lockId must be an integer');
  const table = quoteIdentifier(target.table);
  const applied: number[] = [];
  for (;;) {
    const version = await client.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [target.lockId]);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${table} (version integer PRIMARY KEY, name text NOT NULL, ` +
          'checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const rows = await tx.query<AppliedRow>(
        `SELECT version, checksum FROM ${table} ORDER BY version`,
      );
      const next = nextPending(migrations, rows, target.table);
      if (next === undefined) return undefined;
      await tx.query(next.sql);
      await tx.query(`INSERT INTO ${table} (version, name, checksum) VALUES ($1, $2, $3)`, [
        next.version,
        next.name,
        checksumOf(next),
      ]);
      return next.version;
    });
    if (version === undefined) return applied;
    applied.push(version);
  }
}

/** SHA-256 of the migration text, line endings normalized so a checkout's EOL style is no change. */
export function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql.replace(/\r\n/g, '\n')).digest('hex');
}

function nextPending(
  migrations: readonly Migration[],
  rows: readonly AppliedRow[],
  table: string,
): Migration | undefined {
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of rows) {
    const migration = known.get(row.version);
    if (migration === undefined) {
      throw new MigrationError(
        `${table} records version ${row.version}, which this release does not know: a newer release has migrated this database`,
      );
    }
    if (checksumOf(migration) !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.version} (${migration.name}) was changed after it was applied (${table} checksum differs); add a new migration instead`,
      );
    }
  }
  const lastApplied = rows.length === 0 ? 0 : Math.max(...rows.map((r) => r.version));
  const appliedVersions = new Set(rows.map((r) => r.version));
  const next = migrations.find((m) => !appliedVersions.has(m.version));
  if (next !== undefined && next.version < lastApplied) {
    throw new MigrationError(
      `Migration ${next.version} (${next.name}) is older than applied version ${lastApplied} in ${table}; migrations are forward-only`,
    );
  }
  return next;
}

function assertWellFormed(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new MigrationError(
        `Migration versions must be positive integers in increasing order (${m.version} after ${previous})`,
      );
    }
    previous = m.version;
  }
}
