import type { SqlDialect, SqlTransaction } from './sql-client.js';

/** Sends one statement on the connection that holds the transaction. */
export type RunQuery = (text: string, params: readonly unknown[]) => Promise<object[]>;

/**
 * The `tx` handed to a transaction callback, for both drivers: every query goes to the one
 * connection that holds the transaction; a nested `transaction` becomes a savepoint. Using it
 * after the transaction ended throws, which catches a callback that leaked `tx` into un-awaited
 * work. `run` sends a statement; `runAndCommit` sends the last one and commits.
 */
export class TransactionClient implements SqlTransaction {
  private finished = false;
  private savepoints = 0;
  private nested = 0;
  /** How `queryAndCommit` ended: the owner must not COMMIT again, nor commit after a failure. */
  private ending: { readonly committed: true } | { readonly failure: unknown } | undefined;

  constructor(
    readonly dialect: SqlDialect,
    private readonly run: RunQuery,
    private readonly runAndCommit: RunQuery,
  ) {}

  async query<R extends object = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    this.assertOpen();
    return (await this.run(text, params)) as R[];
  }

  async queryAndCommit<R extends object = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    this.assertOpen();
    if (this.nested > 0) {
      throw new Error('queryAndCommit cannot end a nested transaction (a savepoint)');
    }
    this.finished = true;
    try {
      const rows = (await this.runAndCommit(text, params)) as R[];
      this.ending = { committed: true };
      return rows;
    } catch (err) {
      this.ending = { failure: err };
      throw err;
    }
  }

  async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    const savepoint = `southgate_sp_${++this.savepoints}`;
    await this.run(`SAVEPOINT ${savepoint}`, []);
    this.nested++;
    try {
      const result = await fn(this);
      await this.run(`RELEASE SAVEPOINT ${savepoint}`, []);
      return result;
    } catch (err) {
      await this.run(`ROLLBACK TO SAVEPOINT ${savepoint}`, []);
      throw err;
    } finally {
      this.nested--;
    }
  }

  /** A transaction's connection belongs to its owner; closing it from inside is a bug. */
  close(): Promise<void> {
    return Promise.reject(
      new Error('A transaction client cannot be closed; return from the callback'),
    );
  }

  /**
   * Called by the owner once the callback returned: whether it must still COMMIT (false when
   * `queryAndCommit` did). Throws `queryAndCommit`'s failure if the callback swallowed it, so
   * that the owner rolls back instead of committing what failed.
   */
  needsCommit(): boolean {
    if (this.ending === undefined) return true;
    if ('failure' in this.ending) throw this.ending.failure;
    return false;
  }

  /** Called by the owner once COMMIT or ROLLBACK has been sent. */
  finish(): void {
    this.finished = true;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('This transaction has already ended');
  }
}
