import type { GatewayStore } from '../store/gateway-store.js';
import { AuthService } from './auth-service.js';
import { ConsumerService } from './consumer-service.js';
import { EntitlementService } from './entitlement-service.js';
import { PasswordHasher, type ScryptCost } from './password-hasher.js';
import { TokenService } from './token-service.js';
import { UserService } from './user-service.js';

/** The authentication services, wired to one store. */
export interface AuthServices {
  readonly store: GatewayStore;
  readonly auth: AuthService;
  readonly users: UserService;
  readonly consumers: ConsumerService;
  readonly entitlements: EntitlementService;
}

/** Tunables of the authentication services (from configuration; tests lower the scrypt cost). */
export interface AuthServicesOptions {
  readonly scryptCost?: ScryptCost;
  readonly tokenTtlMs?: number;
  readonly maxBadLoginAttempts?: number;
  readonly entitlementCacheTtlMs?: number;
  /** Identity provider recorded on local users; default `southgate`. */
  readonly provider?: string;
  /** Told of every change to a user's roles made here (see EntitlementServiceOptions.onChange). */
  readonly onRolesChanged?: (userId: string) => Promise<void>;
  /** Told of tokens revoked here (see AuthServiceOptions.onTokensRevoked). */
  readonly onTokensRevoked?: (tokenIds: readonly string[]) => Promise<void>;
}

/**
 * Builds the authentication services on a migrated store: fetches (or creates) the shared token
 * signing secret and loads the revoked token ids. Rejects with a database error.
 */
export async function createAuthServices(
  store: GatewayStore,
  options: AuthServicesOptions = {},
): Promise<AuthServices> {
  const hasher = new PasswordHasher(options.scryptCost);
  const tokens = new TokenService({
    secret: await store.tokenSigningSecret(),
    ttlMs: options.tokenTtlMs,
  });
  const entitlements = new EntitlementService(store, {
    cacheTtlMs: options.entitlementCacheTtlMs,
    onChange: options.onRolesChanged,
  });
  const users = new UserService(store, hasher, {
    provider: options.provider,
    onRolesChanged: (userId) => entitlements.invalidate(userId),
  });
  const auth = new AuthService(
    { store, tokens, hasher },
    { maxBadLoginAttempts: options.maxBadLoginAttempts, onTokensRevoked: options.onTokensRevoked },
  );
  await auth.refreshRevocations();
  return { store, auth, users, consumers: new ConsumerService(store), entitlements };
}
