import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlClientOptions, SqlTransaction } from './sql-client.js';
import { quoteIdentifier } from './sql-identifier.js';
import { int8Oid, parseInt8 } from './sql-types.js';
import { TransactionClient } from './transaction-client.js';

/**
 * {@link SqlClient} over embedded PGlite: PostgreSQL in this process, persisted under a data
 * directory (or in memory). PGlite has a single connection, so this client serializes work on
 * it: a transaction holds the connection from BEGIN to COMMIT, and every query issued outside
 * it waits until it ends (otherwise it would silently run inside someone else's transaction).
 * A callback that calls the outer client instead of its `tx` would wait for itself forever;
 * that mistake throws at once instead. One data directory must be opened by one process only.
 */
export class PgliteSqlClient implements SqlClient {
  readonly dialect = 'pglite' as const;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly insideTransaction = new AsyncLocalStorage<true>();

  private constructor(private readonly db: PGlite) {}

  /** Starts PGlite (about 2 s) and prepares the schema; rejects if the data directory is unusable. */
  static async open(options: SqlClientOptions): Promise<PgliteSqlClient> {
    const schema = options.schema === undefined ? undefined : quoteIdentifier(options.schema);
    if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
    const db = await PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      parsers: { [int8Oid]: parseInt8 },
    });
    try {
      if (schema !== undefined) {
        await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
      }
    } catch (err) {
      await db.close();
      throw err;
    }
    return new PgliteSqlClient(db);
  }

  async query<R extends object = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    this.assertNotInsideOwnTransaction();
    return this.exclusive(async () => (await this.run(text, params)) as R[]);
  }

  async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    this.assertNotInsideOwnTransaction();
    return this.exclusive(async () => {
      const tx = new TransactionClient(
        'pglite',
        (text, params) => this.run(text, params),
        async (text, params) => {
          const rows = await this.run(text, params);
          await this.db.query('COMMIT');
          return rows;
        },
      );
      await this.db.query('BEGIN');
      try {
        const result = await this.insideTransaction.run(true, () => fn(tx));
        if (tx.needsCommit()) await this.db.query('COMMIT');
        return result;
      } catch (err) {
        await this.db.query('ROLLBACK');
        throw err;
      } finally {
        tx.finish();
        // Transactions here run one at a time, so none is inside one now. Disabling the
        // storage turns Node's async hooks off again (while any AsyncLocalStorage is enabled,
        // every promise of the process pays for it); the next transaction re-enables it.
        this.insideTransaction.disable();
      }
    });
  }

  async close(): Promise<void> {
    await this.exclusive(() => this.db.close());
  }

  private async run(text: string, params: readonly unknown[]): Promise<object[]> {
    if (params.length > 0) return (await this.db.query<object>(text, [...params])).rows;
    // Without parameters use the simple protocol, as pg does, so several statements may run.
    const results = await this.db.exec(text);
    return results[results.length - 1]?.rows ?? [];
  }

  /** Runs `task` after everything queued before it; a failure does not block later tasks. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private assertNotInsideOwnTransaction(): void {
    if (this.insideTransaction.getStore()) {
      throw new Error('Inside a transaction callback, query through its tx argument');
    }
  }
}
