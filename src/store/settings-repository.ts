import type { SqlClient } from './sql-client.js';

/** Parameterized access to `settings`, the gateway's key/value table. */
export class SettingsRepository {
  constructor(private readonly sql: SqlClient) {}

  /** The stored value, or undefined. */
  async get(key: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    return rows[0]?.value;
  }

  /**
   * Returns the stored value, storing `create()` first if there is none. When several processes
   * race, the first insert wins and all of them return its value.
   */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    await this.sql.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, create()],
    );
    const value = await this.get(key);
    if (value === undefined) throw new Error(`Setting ${key} vanished right after it was stored`);
    return value;
  }
}
