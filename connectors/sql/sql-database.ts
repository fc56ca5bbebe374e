import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlClient } from '../../src/adapter/index.js';
import { sqlFailure } from './sql-failure.js';

/**
 * The sql adapter's door to its database. A query runs on the transaction that is current for
 * the calling async context — the idempotency store makes a write's transaction current while
 * the write's handler runs, so the handler's statements commit together with the stored reply —
 * and on the pool otherwise (reads). Every failure leaves as `sqlFailure` says: an
 * `AdapterError` for what has an OBP code, never a driver error carrying row values.
 */
export class SqlDatabase {
  private readonly current = new AsyncLocalStorage<SqlClient>();

  constructor(readonly client: SqlClient) {}

  /** Runs `fn` with `tx` as the connection of every query `fn` makes through this database. */
  within<T>(tx: SqlClient, fn: () => Promise<T>): Promise<T> {
    return this.current.run(tx, fn);
  }

  /** Runs one parameterized statement; rejects with `sqlFailure(err)`. */
  async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return await (this.current.getStore() ?? this.client).query<R>(text, params);
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
   * Runs `fn`, whose queries must all take effect or none: in a new transaction, or — when one is
   * current — in a savepoint of it, so a failure of `fn` undoes only `fn`'s own statements.
   */
  async atomically<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.current.getStore() ?? this.client;
    try {
      return await outer.transaction((tx) => this.current.run(tx, fn));
    } catch (err) {
      throw sqlFailure(err);
    }
  }
}
