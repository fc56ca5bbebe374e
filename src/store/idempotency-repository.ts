import type { SqlClient } from './sql-client.js';

/** A stored Idempotency-Key as found when claiming it. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly state: 'in_progress' | 'done';
  readonly status: number | null;
  readonly responseBody: string | null;
}

/** Whose key it is: keys of one user of one consumer never meet anyone else's. */
export interface IdempotencyScope {
  readonly consumerId: string;
  readonly userId: string;
}

/** Parameterized access to `idempotency_keys`. */
export class IdempotencyRepository {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Claims `key` for a new request (true), or returns the record of the request that holds it.
   * An expired record is forgotten first. Two concurrent claims: exactly one wins. The claim
   * lasts `leaseMs` until {@link complete} extends it: a claim whose process died (or could not
   * record the outcome) frees its key after the lease, not after the key's whole lifetime.
   */
  async claim(
    { consumerId, userId }: IdempotencyScope,
    key: string,
    requestHash: string,
    leaseMs: number,
  ): Promise<true | IdempotencyRecord> {
    await this.sql.query(
      'DELETE FROM idempotency_keys WHERE consumer_id = $1 AND user_id = $2 AND idempotency_key = $3 AND expires_at < now()',
      [consumerId, userId, key],
    );
    const inserted = await this.sql.query(
      `INSERT INTO idempotency_keys (consumer_id, user_id, idempotency_key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', now() + ($5::bigint * interval '1 millisecond'))
       ON CONFLICT (consumer_id, user_id, idempotency_key) DO NOTHING RETURNING 1 AS claimed`,
      [consumerId, userId, key, requestHash, leaseMs],
    );
    if (inserted.length > 0) return true;
    const rows = await this.sql.query<{
      request_hash: string;
      state: 'in_progress' | 'done';
      status: number | null;
      response_body: string | null;
    }>(
      'SELECT request_hash, state, status, response_body FROM idempotency_keys WHERE consumer_id = $1 AND user_id = $2 AND idempotency_key = $3',
      [consumerId, userId, key],
    );
    const row = rows[0];
    // Deleted between our insert and select (expired and purged): the caller may simply retry.
    if (!row)
      return { requestHash: requestHash, state: 'in_progress', status: null, responseBody: null };
    return {
      requestHash: row.request_hash,
      state: row.state,
      status: row.status,
      responseBody: row.response_body,
    };
  }

  /** Records the response to replay for `key`, kept for `ttlMs` from now. */
  async complete(
    { consumerId, userId }: IdempotencyScope,
    key: string,
    status: number,
    responseBody: string,
    ttlMs: number,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_keys SET state = 'done', status = $4, response_body = $5,
         expires_at = now() + ($6::bigint * interval '1 millisecond')
       WHERE consumer_id = $1 AND user_id = $2 AND idempotency_key = $3`,
      [consumerId, userId, key, status, responseBody, ttlMs],
    );
  }

  /** Forgets `key` (the request failed in a way a retry should run again). */
  async release({ consumerId, userId }: IdempotencyScope, key: string): Promise<void> {
    await this.sql.query(
      'DELETE FROM idempotency_keys WHERE consumer_id = $1 AND user_id = $2 AND idempotency_key = $3',
      [consumerId, userId, key],
    );
  }

  /** Deletes every expired record; returns how many. */
  async purgeExpired(): Promise<number> {
    const rows = await this.sql.query(
      'DELETE FROM idempotency_keys WHERE expires_at < now() RETURNING 1 AS gone',
    );
    return rows.length;
  }
}
