import type { SqlClient } from './sql-client.js';

/** A row of `users`, as the auth services see it. */
export interface UserRecord {
  readonly userId: string;
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Self-describing password hash (see PasswordHasher); never leaves the auth services. */
  readonly passwordHash: string;
  readonly provider: string;
  readonly isSuperAdmin: boolean;
  readonly failedLoginAttempts: number;
  readonly locked: boolean;
  readonly createdAt: Date;
}

/** What creating a user needs; counters and timestamps start at their defaults. */
export type NewUserRecord = Omit<UserRecord, 'failedLoginAttempts' | 'locked' | 'createdAt'>;

/** Failed-login state after one more failure. */
export interface FailedLoginState {
  readonly failedLoginAttempts: number;
  readonly locked: boolean;
}

const columns = `user_id AS "userId", username, email, first_name AS "firstName",
  last_name AS "lastName", password_hash AS "passwordHash", provider,
  is_super_admin AS "isSuperAdmin", failed_login_attempts AS "failedLoginAttempts", locked,
  created_at AS "createdAt"`;

/** Parameterized access to `users`. Driver errors propagate unchanged. */
export class UserRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Inserts the user; false (and no change) if the username is taken, even by a racing insert. */
  async insert(user: NewUserRecord): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO users (user_id, username, email, first_name, last_name, password_hash,
         provider, is_super_admin)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (username) DO NOTHING
       RETURNING user_id`,
      [
        user.userId,
        user.username,
        user.email,
        user.firstName,
        user.lastName,
        user.passwordHash,
        user.provider,
        user.isSuperAdmin,
      ],
    );
    return rows.length === 1;
  }

  /** The user with this id, or undefined. */
  async findById(userId: string): Promise<UserRecord | undefined> {
    const rows = await this.sql.query<UserRecord>(
      `SELECT ${columns} FROM users WHERE user_id = $1`,
      [userId],
    );
    return rows[0];
  }

  /** The user with this username (case-sensitive), or undefined. */
  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const rows = await this.sql.query<UserRecord>(
      `SELECT ${columns} FROM users WHERE username = $1`,
      [username],
    );
    return rows[0];
  }

  /** True once any user exists (bootstrap creates demo credentials only before that). */
  async hasAny(): Promise<boolean> {
    const rows = await this.sql.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM users) AS found',
    );
    return rows[0]?.found === true;
  }

  /**
   * Counts one more consecutive failed login, atomically, and locks the user when the count
   * reaches `maxAttempts`. Undefined if the user does not exist.
   */
  async recordFailedLogin(
    userId: string,
    maxAttempts: number,
  ): Promise<FailedLoginState | undefined> {
    const rows = await this.sql.query<FailedLoginState>(
      `UPDATE users
       SET failed_login_attempts = failed_login_attempts + 1,
           locked = locked OR failed_login_attempts + 1 >= $2
       WHERE user_id = $1
       RETURNING failed_login_attempts AS "failedLoginAttempts", locked`,
      [userId, maxAttempts],
    );
    return rows[0];
  }

  /** Clears the failure count after a successful login (no write when it is already zero). */
  async resetFailedLogins(userId: string): Promise<void> {
    await this.sql.query(
      'UPDATE users SET failed_login_attempts = 0 WHERE user_id = $1 AND failed_login_attempts <> 0',
      [userId],
    );
  }

  /** Unlocks the user and clears the failure count; false if no such username. */
  async unlock(username: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE users SET locked = false, failed_login_attempts = 0 WHERE username = $1
       RETURNING user_id`,
      [username],
    );
    return rows.length === 1;
  }

  /** Replaces the stored password hash; false if no such user. */
  async setPasswordHash(userId: string, passwordHash: string): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE users SET password_hash = $2 WHERE user_id = $1 RETURNING user_id',
      [userId, passwordHash],
    );
    return rows.length === 1;
  }

  /** Grants or withdraws super-admin status; false if no such user. */
  async setSuperAdmin(userId: string, isSuperAdmin: boolean): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE users SET is_super_admin = $2 WHERE user_id = $1 RETURNING user_id',
      [userId, isSuperAdmin],
    );
    return rows.length === 1;
  }
}
