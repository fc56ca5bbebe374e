import type { Logger } from '../observability/logger.js';

/** Which engine answers: a PostgreSQL server, or PGlite (PostgreSQL compiled to WASM, in process). */
export type SqlDialect = 'postgres' | 'pglite';

/**
 * The gateway's one door to SQL, shared by the gateway store and the sql backend adapter. The
 * same SQL text runs on both dialects. Row values come back parsed the same way on both:
 * `timestamptz` → `Date`, `int2`/`int4`/`float` → number, `int8` → number (a value beyond
 * ±2^53 throws a `RangeError` instead of losing digits: cast it to text), `numeric` → string,
 * `bool` → boolean, `json`/`jsonb` → parsed value.
 *
 * A query without parameters may hold several statements (the simple protocol); it returns the
 * rows of the last one. A query with parameters is one statement; always pass values as `$n`
 * parameters, never in the text.
 */
export interface SqlClient {
  readonly dialect: SqlDialect;
  /** Runs one statement; rejects with the driver's error (it carries the SQLSTATE in `code`). */
  query<R extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<R[]>;
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection, and ROLLBACK if `fn` throws (the error is
   * rethrown). Inside `fn` use only `tx`: it is that connection. `tx.transaction` nests with a
   * savepoint. On PGlite transactions are serialized and other queries wait for them.
   */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Releases the pool or closes the embedded database; the client is unusable afterwards. */
  close(): Promise<void>;
  /**
   * PostgreSQL only (other processes cannot share an embedded database): listens on `channel`
   * (a plain lower-case identifier) on a connection of its own, calling `onNotice` with each
   * notification's payload. A lost connection is reopened (1 s, doubling up to 30 s); notices
   * sent meanwhile are lost, so `onResumed` is called after every reopening. Resolves once
   * listening (or, if the first connection fails, once retrying); the returned function stops.
   */
  listen?(
    channel: string,
    onNotice: (payload: string) => void,
    onResumed: () => void,
  ): Promise<() => Promise<void>>;
  /** PostgreSQL only: the state of the client's connections now (for metrics). */
  poolStatus?(): SqlPoolStatus;
}

/** How a PostgreSQL client's connections are used at one moment. */
export interface SqlPoolStatus {
  /** The most pooled connections (writes, transactions, and reads that may wait for a lock). */
  readonly max: number;
  /** Pooled connections open now… */
  readonly open: number;
  /** …of which idle, waiting to be checked out. */
  readonly idle: number;
  /** Callers waiting for a pooled connection, because every one is checked out. */
  readonly waiting: number;
  /** Pipelined read connections open now (of the fifth of the pool set aside for them). */
  readonly readLanes: number;
  /** Statements sent on the read connections and not yet answered. */
  readonly readsInFlight: number;
}

/** The `tx` of a transaction callback: that transaction's connection. */
export interface SqlTransaction extends SqlClient {
  /**
   * Runs one statement as the transaction's last and commits: on PostgreSQL the COMMIT goes in
   * the same round trip as a statement with parameters, elsewhere right after it. Resolves with
   * the statement's rows once committed. If the statement or the commit fails, it rejects and
   * nothing is committed. The transaction is over either way: return from the callback. Not
   * inside a nested transaction (a savepoint).
   */
  queryAndCommit<R extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<R[]>;
}

/** How to reach the database; see {@link openSqlClient}. */
export interface SqlClientOptions {
  /** `postgres://…`: use a real PostgreSQL server. Wins over `dataDir`. */
  readonly databaseUrl?: string;
  /** Directory of the embedded PGlite database (created if missing); undefined → in memory. */
  readonly dataDir?: string;
  /** Schema to create if missing and put alone on every connection's search_path. */
  readonly schema?: string;
  /**
   * Maximum PostgreSQL connections (default 10). A fifth of them (at least one, from two up)
   * carry plain reads, pipelined; the others are a pool for writes and transactions.
   */
  readonly poolSize?: number;
  /** How long to wait for a PostgreSQL connection before failing (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /** Receives connection errors that happen while a pooled connection sits idle. */
  readonly logger?: Logger;
}

/**
 * Opens the configured database: PostgreSQL through a connection pool when `databaseUrl` is
 * set, else embedded PGlite. Resolves once the database answers (and the schema exists); rejects
 * with the driver's error if it cannot be reached.
 */
export async function openSqlClient(options: SqlClientOptions): Promise<SqlClient> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    const { PgSqlClient } = await import('./pg-sql-client.js');
    return PgSqlClient.open({ ...options, databaseUrl: options.databaseUrl });
  }
  const { PgliteSqlClient } = await import('./pglite-sql-client.js');
  return PgliteSqlClient.open(options);
}
