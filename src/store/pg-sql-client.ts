import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlClient, SqlClientOptions, SqlPoolStatus, SqlTransaction } from './sql-client.js';
import { quoteIdentifier } from './sql-identifier.js';
import { isPlainRead, PipelinedReads } from './pg-pipeline.js';
import { PreparedStatements, type TypeParsers } from './pg-query.js';
import { int8Oid, parseInt8 } from './sql-types.js';
import { TransactionClient } from './transaction-client.js';

const defaultParser = pg.types.getTypeParser.bind(pg.types) as TypeParsers;
const typeParser: TypeParsers = (oid, format) =>
  oid === int8Oid && format !== 'binary' ? parseInt8 : defaultParser(oid, format);
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: typeParser as typeof pg.types.getTypeParser,
};

/** A lost listener connection is reopened after this, doubling up to the maximum. */
const firstListenRetryMs = 1_000;
const maxListenRetryMs = 30_000;

// SQLSTATEs of the race between two processes creating the same schema at once.
const duplicateSchemaCodes = new Set(['42P06', '23505']);

/**
 * {@link SqlClient} over a real PostgreSQL server. Of the `poolSize` connections, a fifth (at
 * least one, once there are two) carry plain reads, pipelined ({@link PipelinedReads}); the rest
 * are a `pg.Pool` for every other statement, where each transaction takes its own connection.
 * The optional schema is set as search_path by a startup option, so it holds on every
 * connection ever opened.
 */
export class PgSqlClient implements SqlClient {
  readonly dialect = 'postgres' as const;

  private readonly prepared = new PreparedStatements(typeParser);

  private readonly reads: PipelinedReads | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connection: pg.ClientConfig,
    readLanes: number,
    private readonly logger: SqlClientOptions['logger'],
  ) {
    this.reads =
      readLanes > 0 ? new PipelinedReads(this.prepared, connection, readLanes, logger) : undefined;
  }

  /** Creates the pool and checks the server answers; rejects with the driver's error if not. */
  static async open(options: SqlClientOptions & { databaseUrl: string }): Promise<PgSqlClient> {
    const schema = options.schema === undefined ? undefined : quoteIdentifier(options.schema);
    const connection: pg.ClientConfig = {
      connectionString: options.databaseUrl,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types: typeParsers,
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    };
    const poolSize = options.poolSize ?? 10;
    const readLanes = poolSize >= 2 ? Math.max(1, Math.floor(poolSize / 5)) : 0;
    const pool = new pg.Pool({ ...connection, max: poolSize - readLanes });
    // A connection that fails emits on its client, where pg-pool listens only while it is idle
    // (and then re-emits here); unheard, either event would crash the process. The failure is
    // logged once, by the client's own listener: its queries fail with the error, and the pool
    // drops it (at once when idle, on release when checked out).
    pool.on('connect', (connection) => {
      connection.on('error', (err) => {
        options.logger?.warn('PostgreSQL connection failed', { error: err.message });
      });
    });
    pool.on('error', () => undefined);
    const client = new PgSqlClient(pool, connection, readLanes, options.logger);
    try {
      if (schema === undefined) await client.query('SELECT 1');
      else await client.createSchema(schema);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return client;
  }

  async query<R extends object = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    if (this.reads !== undefined && params.length > 0) {
      const statement = statementOf(text);
      if (statement.plainRead) {
        return (await this.reads.run(statement.name, text, params as unknown[])) as R[];
      }
    }
    const connection = await this.pool.connect();
    let failure: Error | undefined;
    try {
      return (await this.run(connection, text, params)) as R[];
    } catch (err) {
      // A statement the server refused (severity ERROR) leaves the connection usable; a FATAL
      // one ends the session, and anything else may have left it in an unknown state: drop it.
      if (!(err instanceof pg.DatabaseError && err.severity === 'ERROR')) failure = asError(err);
      throw err;
    } finally {
      connection.release(failure);
    }
  }

  async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    const state: TransactionState = { begun: false };
    const tx = new TransactionClient(
      'postgres',
      (text, params) => this.runInTransaction(connection, state, text, params, false),
      (text, params) => this.runInTransaction(connection, state, text, params, true),
    );
    let broken: Error | undefined;
    try {
      const result = await fn(tx);
      if (tx.needsCommit() && state.begun) await connection.query('COMMIT');
      return result;
    } catch (err) {
      try {
        if (state.begun) await connection.query('ROLLBACK');
      } catch (rollbackError) {
        // A connection that cannot roll back must not go back to the pool.
        broken = asError(rollbackError);
      }
      throw err;
    } finally {
      tx.finish();
      connection.release(broken);
    }
  }

  /**
   * A statement of a transaction. BEGIN is sent with the transaction's first statement and
   * COMMIT with its last (`queryAndCommit`), in the statement's round trip, when it has
   * parameters; otherwise each on its own. BEGIN waits for a statement already parsed on this
   * connection: pg takes any ParseComplete of a query for its statement's, so a BEGIN framing a
   * statement whose own Parse then failed would leave pg believing it parsed.
   */
  private async runInTransaction(
    connection: pg.PoolClient,
    state: TransactionState,
    text: string,
    params: readonly unknown[],
    commit: boolean,
  ): Promise<object[]> {
    let begin = !state.begun;
    state.begun = true;
    if (params.length === 0) {
      if (begin) await connection.query('BEGIN');
      const rows = await this.run(connection, text, params);
      if (commit) await connection.query('COMMIT');
      return rows;
    }
    const { name } = statementOf(text);
    if (begin && !this.prepared.isParsed(connection, name)) {
      await connection.query('BEGIN');
      begin = false;
    }
    return this.prepared.run(connection, name, text, params as unknown[], { begin, commit });
  }

  /**
   * A statement with parameters (and so a single statement) as a named prepared statement:
   * each pooled connection parses and plans it once, not on every call. Parameterless text may
   * hold several statements (migrations) and is sent as is.
   */
  private async run(
    connection: pg.ClientBase,
    text: string,
    params: readonly unknown[],
  ): Promise<object[]> {
    if (params.length === 0) return rowsOf(await connection.query(text));
    return this.prepared.run(connection, statementOf(text).name, text, params as unknown[]);
  }

  async close(): Promise<void> {
    await Promise.all([this.reads?.close(), this.pool.end()]);
  }

  poolStatus(): SqlPoolStatus {
    const reads = this.reads?.status() ?? { open: 0, inFlight: 0 };
    return {
      max: this.pool.options.max,
      open: this.pool.totalCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
      readLanes: reads.open,
      readsInFlight: reads.inFlight,
    };
  }

  async listen(
    channel: string,
    onNotice: (payload: string) => void,
    onResumed: () => void,
  ): Promise<() => Promise<void>> {
    const quoted = quoteIdentifier(channel);
    let stopped = false;
    let current: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let delayMs = firstListenRetryMs;
    const open = async (): Promise<void> => {
      const client = new pg.Client(this.connection);
      // Until it ends, a client must have an error listener, or a lost connection crashes us.
      client.on('error', () => undefined);
      await client.connect();
      try {
        client.on('notification', (message) => {
          if (message.channel === channel) onNotice(message.payload ?? '');
        });
        await client.query(`LISTEN ${quoted}`);
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      if (stopped) {
        // Stopped while this connection was opening.
        await client.end().catch(() => undefined);
        return;
      }
      client.once('end', () => {
        if (stopped || current !== client) return;
        this.logger?.warn('PostgreSQL listener connection lost; reopening', { channel });
        current = undefined;
        reopen();
      });
      current = client;
      delayMs = firstListenRetryMs;
    };
    const reopen = (): void => {
      retry = setTimeout(() => {
        retry = undefined;
        if (stopped) return;
        open().then(
          () => {
            if (!stopped) onResumed();
          },
          (err: unknown) => {
            this.logger?.warn('could not reopen the PostgreSQL listener', {
              channel,
              error: String(err),
            });
            delayMs = Math.min(delayMs * 2, maxListenRetryMs);
            reopen();
          },
        );
      }, delayMs);
      retry.unref();
    };
    await open().catch((err: unknown) => {
      this.logger?.warn('could not open the PostgreSQL listener; retrying', {
        channel,
        error: String(err),
      });
      reopen();
    });
    return async () => {
      stopped = true;
      clearTimeout(retry);
      await current?.end().catch(() => undefined);
      current = undefined;
    };
  }

  private async createSchema(quotedSchema: string): Promise<void> {
    try {
      await this.query(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`);
    } catch (err) {
      if (!duplicateSchemaCodes.has(sqlState(err))) throw err;
    }
  }
}

/** Whether a transaction's BEGIN has been sent (it goes with the first statement). */
interface TransactionState {
  begun: boolean;
}

/** A statement text's prepared-statement name, and whether it may be pipelined. */
interface Statement {
  readonly name: string;
  readonly plainRead: boolean;
}

const statements = new Map<string, Statement>();

/** What is known of a statement text. The application's SQL is a fixed set of texts, so the entries stay few. */
function statementOf(text: string): Statement {
  let statement = statements.get(text);
  if (statement === undefined) {
    statement = {
      name: `sg_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`,
      plainRead: isPlainRead(text),
    };
    statements.set(text, statement);
  }
  return statement;
}

/** pg answers a multi-statement text with one result per statement; keep the last one's rows. */
function rowsOf(result: pg.QueryResult<object> | pg.QueryResult<object>[]): object[] {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return last?.rows ?? [];
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function sqlState(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}
