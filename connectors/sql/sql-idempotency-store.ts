import type { IdempotencyStore, SqlClient, StoredReply } from '../../src/adapter/index.js';
import { SqlDatabase } from './sql-database.js';
import { sqlFailure } from './sql-failure.js';

/** How long a reply is replayed by default: a day, like the memory store. */
const defaultReplyTtlMs = 24 * 60 * 60 * 1000;

const sweepBatch = 5_000;

/** Tuning of {@link SqlIdempotencyStore}; both have sensible defaults. */
export interface SqlIdempotencyStoreOptions {
  /** How long a stored reply is replayed to a repeated message-id (default 24 h). */
  readonly ttlMs?: number;
  /** The clock (epoch ms); tests move it to expire replies. */
  readonly now?: () => number;
}

interface StoredRow {
  readonly reply: Uint8Array | null;
  readonly succeeded: boolean | null;
  readonly live: boolean;
}

/** Thrown to roll back the whole transaction (claim included) of a reply that must not be kept. */
class NotRemembered extends Error {
  constructor(readonly reply: StoredReply) {
    super('reply not remembered');
  }
}

/**
 * The sql adapter's idempotency store (DESIGN.md "Idempotency"), in the adapter's own database
 * so that deduplication survives restarts and is shared by every adapter process on it. For a
 * write message it opens one transaction that
 * 1. claims the message-id (`INSERT … ON CONFLICT DO NOTHING`; a concurrent delivery of the same
 *    id blocks on the uncommitted row, then finds the committed reply and returns it unexecuted),
 * 2. runs the handler in a savepoint, on that transaction (see {@link scopeOf}),
 *    and rolls the savepoint back if the handler failed (its partial writes vanish),
 * 3. stores the encoded reply next to the claim if the reply is final, and commits: the write and
 *    its dedupe record commit together or not at all. A retriable failure rolls everything back,
 *    so a retry executes again.
 * Replies expire after `ttlMs`; expired ones are ignored at once and deleted by {@link sweep}.
 */
export class SqlIdempotencyStore implements IdempotencyStore {
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** The database each write being executed must use, by message-id (see {@link scopeOf}). */
  private readonly scopes = new Map<string, SqlDatabase>();

  constructor(
    private readonly db: SqlDatabase,
    options: SqlIdempotencyStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? defaultReplyTtlMs;
    this.now = options.now ?? Date.now;
  }

  async once(messageId: string, execute: () => Promise<StoredReply>): Promise<StoredReply> {
    let executeThrew = false;
    const guarded = async (): Promise<StoredReply> => {
      try {
        return await execute();
      } catch (err) {
        executeThrew = true;
        throw err;
      }
    };
    try {
      return await this.db.client.transaction((tx) => this.onceIn(tx, messageId, guarded));
    } catch (err) {
      if (err instanceof NotRemembered) return err.reply;
      if (executeThrew) throw err;
      // The bookkeeping itself failed (typically: the database is down). Let the handler run
      // against a connection that fails the same way, so the runtime still answers with a
      // proper — retriable — reply, and nothing is executed or remembered.
      const failure = sqlFailure(err);
      return this.executeOn(
        new SqlDatabase(new FailingSqlClient(this.db.client, failure)),
        messageId,
        execute,
      );
    }
  }

  /**
   * The database the handler of write `messageId` must run its statements on while this store
   * executes it (its transaction), or undefined when the message is not being executed here.
   * A message-id is executed once at a time: a second delivery waits on the first one's claim.
   */
  scopeOf(messageId: string): SqlDatabase | undefined {
    return this.scopes.get(messageId);
  }

  /** Deletes expired replies in batches; returns how many. Cheap: it walks an index. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db.client.query<{ n: number }>(
        'WITH gone AS (DELETE FROM adapter_replies WHERE message_id IN (' +
          'SELECT message_id FROM adapter_replies WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2' +
          ') RETURNING 1) SELECT count(*)::int AS n FROM gone',
        [new Date(this.now()), sweepBatch],
      );
      const deleted = rows[0]?.n ?? 0;
      total += deleted;
      if (deleted < sweepBatch) return total;
    }
  }

  private async onceIn(
    tx: SqlClient,
    messageId: string,
    execute: () => Promise<StoredReply>,
  ): Promise<StoredReply> {
    const stored = await this.claim(tx, messageId);
    if (stored) return stored;

    // A savepoint of our own rather than tx.transaction(): COMMIT releases it, which saves the
    // RELEASE round trip on the hot path. The handler's own savepoints are named differently.
    await tx.query('SAVEPOINT adapter_handler');
    const reply = await this.executeOn(new SqlDatabase(tx), messageId, execute);
    if (!reply.succeeded) await tx.query('ROLLBACK TO SAVEPOINT adapter_handler');
    if (!reply.final) throw new NotRemembered(reply);
    await tx.query('UPDATE adapter_replies SET reply = $2, succeeded = $3 WHERE message_id = $1', [
      messageId,
      reply.value,
      reply.succeeded,
    ]);
    return reply;
  }

  private async executeOn(
    scope: SqlDatabase,
    messageId: string,
    execute: () => Promise<StoredReply>,
  ): Promise<StoredReply> {
    this.scopes.set(messageId, scope);
    try {
      return await execute();
    } finally {
      if (this.scopes.get(messageId) === scope) this.scopes.delete(messageId);
    }
  }

  /** Claims `messageId` for this transaction; returns the stored reply if it was answered. */
  private async claim(tx: SqlClient, messageId: string): Promise<StoredReply | undefined> {
    const now = new Date(this.now());
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await tx.query(
        'INSERT INTO adapter_replies (message_id, expires_at) VALUES ($1, $2) ' +
          'ON CONFLICT (message_id) DO NOTHING RETURNING message_id',
        [messageId, new Date(now.getTime() + this.ttlMs)],
      );
      if (claimed.length > 0) return undefined;
      const [row] = await tx.query<StoredRow>(
        'SELECT reply, succeeded, expires_at > $2 AS live FROM adapter_replies WHERE message_id = $1',
        [messageId, now],
      );
      if (row?.live && row.reply !== null) {
        return { value: toBuffer(row.reply), succeeded: row.succeeded === true, final: true };
      }
      // Expired, or swept since the insert: forget the old reply and claim the id afresh.
      await tx.query('DELETE FROM adapter_replies WHERE message_id = $1 AND expires_at <= $2', [
        messageId,
        now,
      ]);
    }
    throw new Error('Could not claim a message-id in the idempotency store');
  }
}

/** pg returns bytea as a Buffer, PGlite as a plain Uint8Array. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Stands in for the database when it cannot be used: every statement fails with `failure`. */
class FailingSqlClient implements SqlClient {
  readonly dialect: SqlClient['dialect'];

  constructor(
    client: SqlClient,
    private readonly failure: Error,
  ) {
    this.dialect = client.dialect;
  }

  query<R extends object>(): Promise<R[]> {
    return Promise.reject(this.failure);
  }

  transaction<T>(): Promise<T> {
    return Promise.reject(this.failure);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
