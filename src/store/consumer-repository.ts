import type { SqlClient } from './sql-client.js';

/** A row of `consumers`: an API client application. The key itself is never stored. */
export interface ConsumerRecord {
  readonly consumerId: string;
  readonly name: string;
  readonly keyHash: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
}

const columns = `consumer_id AS "consumerId", name, key_hash AS "keyHash", enabled,
  created_at AS "createdAt"`;

/** Parameterized access to `consumers`. Driver errors propagate unchanged. */
export class ConsumerRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Inserts an enabled consumer; false (and no change) if a consumer has the same key hash. */
  async insert(consumer: { consumerId: string; name: string; keyHash: string }): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO consumers (consumer_id, name, key_hash) VALUES ($1, $2, $3)
       ON CONFLICT (key_hash) DO NOTHING
       RETURNING consumer_id`,
      [consumer.consumerId, consumer.name, consumer.keyHash],
    );
    return rows.length === 1;
  }

  /** The consumer with this key hash, or undefined. */
  async findByKeyHash(keyHash: string): Promise<ConsumerRecord | undefined> {
    const rows = await this.sql.query<ConsumerRecord>(
      `SELECT ${columns} FROM consumers WHERE key_hash = $1`,
      [keyHash],
    );
    return rows[0];
  }

  /** The consumer with this id, or undefined. */
  async findById(consumerId: string): Promise<ConsumerRecord | undefined> {
    const rows = await this.sql.query<ConsumerRecord>(
      `SELECT ${columns} FROM consumers WHERE consumer_id = $1`,
      [consumerId],
    );
    return rows[0];
  }

  /** Enables or disables the consumer; false if no such consumer. */
  async setEnabled(consumerId: string, enabled: boolean): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE consumers SET enabled = $2 WHERE consumer_id = $1 RETURNING consumer_id',
      [consumerId, enabled],
    );
    return rows.length === 1;
  }
}
