import type {
  IdempotencyStore,
  SqlClient,
  SqlTransaction,
  StoredReply,
} from '../../src/adapter/index.js';
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

/** Thrown to roll back a failed write (claim included); its final reply is stored afterwards. */
class FailedWrite extends Error {
  constructor(readonly reply: StoredReply) {
    super('write failed');
  }
}

/**
 * The sql adapter's idempotency store (DESIGN.md "Idempotency"), in the adapter's own database
 * so that deduplication survives restarts and is shared by every adapter process on it. For a
 * write message it opens one transaction that
 * 1. claims the message-id (`INSERT … ON CONFLICT DO NOTHING`; a concurrent delivery of the same
 *    id in another process blocks on the uncommitted row, then finds the committed reply and
 *    returns it unexecuted; in this process it simply shares the running execution),
 * 2. runs the handler on that transaction (see {@link scopeOf}),
 * 3. if the handler succeeded, stores the encoded reply next to the claim and commits: the write
 *    and its dedupe record commit together or not at all.
 * A failed handler rolls the whole transaction back, so its partial writes vanish, and a final
 * failure reply is then stored on its own (no savepoint on the hot path: that saved round trip
 * is a sixth of a write's). A delivery that finds the id stored meanwhile answers with the stored
 * reply instead, so every delivery of one id gets the same answer. A retriable failure is not
 * stored, so a retry executes again.
 * Replies expire after `ttlMs`; expired ones are ignored at once and deleted by {@link sweep}.
 */
export class SqlIdempotencyStore implements IdempotencyStore {
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** The database each write being executed must use, by message-id (see {@link scopeOf}). */
  private readonly scopes = new Map<string, SqlDatabase>();
  /** The reply of each message-id being answered here, shared by concurrent deliveries. */
  private readonly running = new Map<string, Promise<StoredReply>>();

  constructor(
    private readonly db: SqlDatabase,
    options: SqlIdempotencyStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? defaultReplyTtlMs;
    this.now = options.now ?? Date.now;
  }

  once(messageId: string, execute: () => Promise<StoredReply>): Promise<StoredReply> {
    const running = this.running.get(messageId);
    if (running !== undefined) return running;
    const reply = this.answer(messageId, execute).finally(() => this.running.delete(messageId));
    this.running.set(messageId, reply);
    return reply;
  }

  private async answer(
    messageId: string,
    execute: () => Promise<StoredReply>,
  ): Promise<StoredReply> {
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
      if (err instanceof FailedWrite) return this.rememberFailure(messageId, err.reply);
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
   * A message-id is executed once at a time: a second delivery in this process shares the first
   * one's execution, and one in another process waits on its claim.
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
    tx: SqlTransaction,
    messageId: string,
    execute: () => Promise<StoredReply>,
  ): Promise<StoredReply> {
    const stored = await this.claim(tx, messageId);
    if (stored) return stored;

    const reply = await this.executeOn(new SqlDatabase(tx), messageId, execute);
    if (!reply.final) throw new NotRemembered(reply);
    if (!reply.succeeded) throw new FailedWrite(reply);
    // The reply and the write it answers commit together, in the reply's round trip.
    await tx.queryAndCommit(
      'UPDATE adapter_replies SET reply = $2, succeeded = $3 WHERE message_id = $1',
      [messageId, reply.value, reply.succeeded],
    );
    return reply;
  }

  /**
   * Stores the final reply of a failed write whose transaction was rolled back; returns it, or
   * the reply stored for the id meanwhile by another delivery. If the database fails now, the
   * reply is returned unremembered: nothing was committed, so a retry may execute again.
   */
  private async rememberFailure(messageId: string, reply: StoredReply): Promise<StoredReply> {
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const now = new Date(this.now());
        const inserted = await this.db.client.query(
          'INSERT INTO adapter_replies (message_id, expires_at, reply, succeeded) ' +
            'VALUES ($1, $2, $3, false) ON CONFLICT (message_id) DO NOTHING RETURNING message_id',
          [messageId, new Date(now.getTime() + this.ttlMs), reply.value],
        );
        if (inserted.length > 0) return reply;
        const stored = await this.storedOrForget(this.db.client, messageId, now);
        if (stored) return stored;
      }
    } catch {
      // Unremembered, as documented above.
    }
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
      const stored = await this.storedOrForget(tx, messageId, now);
      if (stored) return stored;
    }
    throw new Error('Could not claim a message-id in the idempotency store');
  }

  /**
   * The committed, unexpired reply of `messageId`; otherwise deletes an expired one (or finds
   * it swept) and returns undefined, so that the caller can claim the id afresh.
   */
  private async storedOrForget(
    sql: SqlClient,
    messageId: string,
    now: Date,
  ): Promise<StoredReply | undefined> {
    const [row] = await sql.query<StoredRow>(
      'SELECT reply, succeeded, expires_at > $2 AS live FROM adapter_replies WHERE message_id = $1',
      [messageId, now],
    );
    if (row?.live && row.reply !== null) {
      return { value: toBuffer(row.reply), succeeded: row.succeeded === true, final: true };
    }
    await sql.query('DELETE FROM adapter_replies WHERE message_id = $1 AND expires_at <= $2', [
      messageId,
      now,
    ]);
    return undefined;
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
