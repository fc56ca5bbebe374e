import type { SqlClient } from './sql-client.js';

/** A row of `entitlements`: one role granted to one user at one bank ('' for system roles). */
export interface EntitlementRecord {
  readonly entitlementId: string;
  readonly userId: string;
  readonly bankId: string;
  readonly roleName: string;
  readonly createdAt: Date;
}

const columns = `entitlement_id AS "entitlementId", user_id AS "userId", bank_id AS "bankId",
  role_name AS "roleName", created_at AS "createdAt"`;

/** Parameterized access to `entitlements`. Driver errors propagate unchanged. */
export class EntitlementRepository {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Inserts the grant; false (and no change) if the user already holds that role at that bank,
   * even when two grants race. Rejects with the driver's foreign-key error if the user is unknown.
   */
  async insert(grant: {
    entitlementId: string;
    userId: string;
    bankId: string;
    roleName: string;
  }): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO entitlements (entitlement_id, user_id, bank_id, role_name)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, bank_id, role_name) DO NOTHING
       RETURNING entitlement_id`,
      [grant.entitlementId, grant.userId, grant.bankId, grant.roleName],
    );
    return rows.length === 1;
  }

  /** The user's entitlements, oldest first. */
  async listByUser(userId: string): Promise<EntitlementRecord[]> {
    return this.sql.query<EntitlementRecord>(
      `SELECT ${columns} FROM entitlements WHERE user_id = $1 ORDER BY created_at, entitlement_id`,
      [userId],
    );
  }

  /** Deletes the entitlement and returns it, or undefined if there was none. */
  async delete(entitlementId: string): Promise<EntitlementRecord | undefined> {
    const rows = await this.sql.query<EntitlementRecord>(
      `DELETE FROM entitlements WHERE entitlement_id = $1 RETURNING ${columns}`,
      [entitlementId],
    );
    return rows[0];
  }
}
