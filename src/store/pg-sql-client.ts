import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlClient, SqlClientOptions } from './sql-client.js';
import { quoteIdentifier } from './sql-identifier.js';
import { int8Oid, parseInt8 } from './sql-types.js';
import { TransactionClient } from './transaction-client.js';

const defaultParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
  format?: 'text' | 'binary',
) => unknown;
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid && format !== 'binary'
      ? parseInt8
      : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
};

// SQLSTATEs of the race between two processes creating the same schema at once.
const duplicateSchemaCodes = new Set(['42P06', '23505']);

/**
 * {@link SqlClient} over a real PostgreSQL server through a `pg.Pool`. Each transaction takes
 * its own pooled connection; the optional schema is set as search_path by a startup option, so
 * it holds on every connection the pool ever opens.
 */
export class PgSqlClient implements SqlClient {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly pool: pg.Pool) {}

  /** Creates the pool and checks the server answers; rejects with the driver's error if not. */
  static async open(options: SqlClientOptions & { databaseUrl: string }): Promise<PgSqlClient> {
    const schema = options.schema === undefined ? undefined : quoteIdentifier(options.schema);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types: typeParsers,
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // An idle connection that dies emits here; without a listener the process would crash.
    // The pool drops that connection by itself, so logging is all there is to do.
    pool.on('error', (err) => {
      options.logger?.warn('idle PostgreSQL connection failed', { error: err.message });
    });
    const client = new PgSqlClient(pool);
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
    return rowsOf(await this.pool.query(statement(text, params))) as R[];
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    const tx = new TransactionClient('postgres', async (text, params) =>
      rowsOf(await connection.query(statement(text, params))),
    );
    let broken: Error | undefined;
    try {
      await connection.query('BEGIN');
      const result = await fn(tx);
      await connection.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await connection.query('ROLLBACK');
      } catch (rollbackError) {
        // A connection that cannot roll back must not go back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw err;
    } finally {
      tx.finish();
      connection.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async createSchema(quotedSchema: string): Promise<void> {
    try {
      await this.query(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`);
    } catch (err) {
      if (!duplicateSchemaCodes.has(sqlState(err))) throw err;
    }
  }
}

/** pg answers a multi-statement text with one result per statement; keep the last one's rows. */
const statementNames = new Map<string, string>();

/**
 * The query as a named prepared statement when it has parameters (and so is one statement):
 * each pooled connection then parses and plans it once, not on every call. The application's
 * SQL is a fixed set of texts, so the names stay few. Parameterless text may hold several
 * statements (migrations) and is sent as is.
 */
function statement(text: string, params: readonly unknown[]): pg.QueryConfig {
  if (params.length === 0) return { text };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `sg_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: [...params] };
}

function rowsOf(result: pg.QueryResult<object> | pg.QueryResult<object>[]): object[] {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return last?.rows ?? [];
}

function sqlState(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}
