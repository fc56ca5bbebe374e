import { randomBytes } from 'node:crypto';
import { ConsumerRepository } from './consumer-repository.js';
import { EntitlementRepository } from './entitlement-repository.js';
import { gatewayMigrations, gatewayMigrationTarget } from './gateway-migrations.js';
import { IdempotencyRepository } from './idempotency-repository.js';
import { runMigrations } from './migrator.js';
import { SettingsRepository } from './settings-repository.js';
import type { SqlClient } from './sql-client.js';
import { TokenRepository } from './token-repository.js';
import { UserRepository } from './user-repository.js';

const tokenSigningSecretKey = 'token_signing_secret';

/**
 * The gateway's own persistent state (users, consumers, tokens, entitlements, settings,
 * idempotency keys) in the
 * configured SQL database, one typed repository per table. Business rules live in src/auth; this
 * only reads and writes rows, always with parameters.
 */
export class GatewayStore {
  readonly users: UserRepository;
  readonly consumers: ConsumerRepository;
  readonly tokens: TokenRepository;
  readonly entitlements: EntitlementRepository;
  readonly settings: SettingsRepository;
  readonly idempotencyKeys: IdempotencyRepository;

  /** Wraps a client whose schema is already migrated; prefer {@link GatewayStore.open}. */
  constructor(readonly sql: SqlClient) {
    this.users = new UserRepository(sql);
    this.consumers = new ConsumerRepository(sql);
    this.tokens = new TokenRepository(sql);
    this.entitlements = new EntitlementRepository(sql);
    this.settings = new SettingsRepository(sql);
    this.idempotencyKeys = new IdempotencyRepository(sql);
  }

  /**
   * Applies the gateway migrations, then returns the store. Throws MigrationError when the
   * database's migration history disagrees with this release, or the driver's error.
   */
  static async open(client: SqlClient): Promise<GatewayStore> {
    await runMigrations(client, gatewayMigrations, gatewayMigrationTarget);
    return new GatewayStore(client);
  }

  /** Runs `fn` with a store bound to one transaction (see SqlClient.transaction). */
  transaction<T>(fn: (store: GatewayStore) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new GatewayStore(tx)));
  }

  /**
   * The HMAC key for DirectLogin tokens: created at random by the first gateway to start, then
   * shared by every instance using this database, so a token from one verifies on all.
   */
  tokenSigningSecret(): Promise<string> {
    return this.settings.getOrCreate(tokenSigningSecretKey, () =>
      randomBytes(32).toString('base64url'),
    );
  }
}
