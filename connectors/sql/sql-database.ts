import type { SqlClient } from '../../src/adapter/index.js';
import { sqlFailure } from './sql-failure.js';

/**
 * The sql adapter's door to one database connection scope: the pool (reads, and writes outside
 * the idempotency store), or one transaction (a write's, which the idempotency store opens so
 * the handler's statements commit together with the stored reply). Handlers are built on one of
 * these; nothing is carried implicitly through the async context. Every failure leaves as
 * `sqlFailure` says: an `AdapterError` for what has an OBP code, never a driver error carrying
 * row values.
 */
export class SqlDatabase {
  constructor(readonly client: SqlClient) {}

  /** Runs one parameterized statement; rejects with `sqlFailure(err)`. */
  async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return await this.client.query<R>(text, params);
    } catch (err) {
      throw sqlFailure(err);
    }
  }

  /** The first row of a statement's result, or undefined. */
  async first<R extends object>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R | undefined> {
    return (await this.query<R>(text, params))[0];
  }

  /** The first row of a statement that always returns one (`INSERT … RETURNING`, aggregates). */
  async one<R extends object>(text: string, params: readonly unknown[] = []): Promise<R> {
    const row = await this.first<R>(text, params);
    if (row === undefined) throw new Error('A statement that returns a row returned none');
    return row;
  }

  /**
   * Runs `fn` on `tx`, whose statements must all take effect or none: a new transaction, or —
   * when this database is already a transaction — a savepoint of it, so a failure of `fn`
   * undoes only `fn`'s own statements.
   */
  async atomically<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    try {
      return await this.client.transaction((tx) => fn(new SqlDatabase(tx)));
    } catch (err) {
      throw sqlFailure(err);
    }
  }
}
