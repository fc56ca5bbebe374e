import type { SqlClient } from './sql-client.js';

/** A DirectLogin token as issued: the JWT itself is not stored, only its id and lifetime. */
export interface TokenRecord {
  readonly tokenId: string;
  readonly userId: string;
  readonly consumerId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** Parameterized access to `tokens`. Driver errors propagate unchanged. */
export class TokenRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Records an issued token; rejects with the driver's error on an unknown user or consumer. */
  async insert(token: TokenRecord): Promise<void> {
    await this.sql.query(
      `INSERT INTO tokens (token_id, user_id, consumer_id, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [token.tokenId, token.userId, token.consumerId, token.issuedAt, token.expiresAt],
    );
  }

  /** Revokes one token; false if unknown or already revoked. */
  async revoke(tokenId: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE tokens SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL
       RETURNING token_id`,
      [tokenId],
    );
    return rows.length === 1;
  }

  /** Revokes every unexpired token of the user; returns the ids revoked by this call. */
  async revokeAllOfUser(userId: string): Promise<string[]> {
    const rows = await this.sql.query<{ tokenId: string }>(
      `UPDATE tokens SET revoked_at = now()
       WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
       RETURNING token_id AS "tokenId"`,
      [userId],
    );
    return rows.map((r) => r.tokenId);
  }

  /** Ids of revoked tokens that have not expired yet (expired ones fail verification anyway). */
  async listRevokedUnexpired(): Promise<string[]> {
    const rows = await this.sql.query<{ tokenId: string }>(
      `SELECT token_id AS "tokenId" FROM tokens
       WHERE revoked_at IS NOT NULL AND expires_at > now()`,
    );
    return rows.map((r) => r.tokenId);
  }

  /**
   * Deletes the records of tokens that have expired; returns how many. An expired token fails
   * verification by its own signed expiry, so its record (and its revocation) is of no more use.
   */
  async purgeExpired(): Promise<number> {
    const rows = await this.sql.query(
      'DELETE FROM tokens WHERE expires_at < now() RETURNING 1 AS gone',
    );
    return rows.length;
  }
}
