import type { SqlClient, SqlDialect } from './sql-client.js';

/** Sends one statement on the connection that holds the transaction. */
export type RunQuery = (text: string, params: readonly unknown[]) => Promise<object[]>;

/**
 * The `tx` handed to a transaction callback, for both drivers: every query goes to the one
 * connection that ran BEGIN; a nested `transaction` becomes a savepoint. Using it after the
 * transaction ended throws, which catches a callback that leaked `tx` into un-awaited work.
 */
export class TransactionClient implements SqlClient {
  private finished = false;
  private savepoints = 0;

  constructor(
    readonly dialect: SqlDialect,
    private readonly run: RunQuery,
  ) {}

  async query<R extends object = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    this.assertOpen();
    return (await this.run(text, params)) as R[];
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    this.assertOpen();
    const savepoint = `southgate_sp_${++this.savepoints}`;
    await this.run(`SAVEPOINT ${savepoint}`, []);
    try {
      const result = await fn(this);
      await this.run(`RELEASE SAVEPOINT ${savepoint}`, []);
      return result;
    } catch (err) {
      await this.run(`ROLLBACK TO SAVEPOINT ${savepoint}`, []);
      throw err;
    }
  }

  /** A transaction's connection belongs to its owner; closing it from inside is a bug. */
  close(): Promise<void> {
    return Promise.reject(
      new Error('A transaction client cannot be closed; return from the callback'),
    );
  }

  /** Called by the owner once COMMIT or ROLLBACK has been sent. */
  finish(): void {
    this.finished = true;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('This transaction has already ended');
  }
}
