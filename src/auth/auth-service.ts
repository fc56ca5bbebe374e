import type { IncomingHttpHeaders } from 'node:http';
import { ObpError } from '../errors/obp-error.js';
import type { GatewayStore } from '../store/gateway-store.js';
import { hashConsumerKey } from './consumer-key.js';
import { parseLoginCredentials, parseTokenCredential } from './direct-login-header.js';
import type { PasswordHasher } from './password-hasher.js';
import type { TokenService } from './token-service.js';
import { BoundedMap } from '../store/bounded-map.js';

/** The authenticated caller of one request, from a valid DirectLogin token. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly consumerId: string;
  readonly tokenId: string;
}

/** What {@link AuthService} works with. */
export interface AuthServiceDependencies {
  readonly store: GatewayStore;
  readonly tokens: TokenService;
  readonly hasher: PasswordHasher;
}

/** Login policy. */
export interface AuthServiceOptions {
  /** Consecutive failed logins after which the user is locked (default 5). */
  readonly maxBadLoginAttempts?: number;
  /**
   * Told of the token ids revoked here, once stored; the revocation returns when the promise
   * settles, and it must not reject. Other gateway processes learn of them through it at once
   * instead of at their next `refreshRevocations`.
   */
  readonly onTokensRevoked?: (tokenIds: readonly string[]) => Promise<void>;
}

const maxEchoedTokenLength = 64;
/** Verified tokens remembered at once (a few MB at most). */
const maxVerifiedTokens = 10_000;
// A local revocation is surely visible to a refresh after this long (its UPDATE has committed).
const localRevocationGraceMs = 10 * 60 * 1000;

/**
 * DirectLogin for the HTTP layer: `login` turns credentials into a token (database work, scrypt
 * on the thread pool), `authenticate` turns a token into a Principal on every request without
 * touching the database. Revoked token ids are held in memory: loaded by `refreshRevocations`
 * (call it at start and periodically, so revocations made by other instances arrive), and
 * updated at once for revocations made through this instance.
 */
export class AuthService {
  /** Revoked ids as of the last refresh. */
  private loadedRevocations = new Set<string>();
  /** Ids revoked through this instance (→ revocation time) that a refresh has not confirmed yet. */
  private readonly localRevocations = new Map<string, number>();
  private readonly maxBadLoginAttempts: number;
  private readonly onTokensRevoked?: (tokenIds: readonly string[]) => Promise<void>;
  private readonly verifiedTokens = new BoundedMap<
    string,
    { readonly principal: Principal; readonly expiresAt: number }
  >(maxVerifiedTokens);

  constructor(
    private readonly deps: AuthServiceDependencies,
    options: AuthServiceOptions = {},
  ) {
    this.maxBadLoginAttempts = options.maxBadLoginAttempts ?? 5;
    this.onTokensRevoked = options.onTokensRevoked;
  }

  /**
   * `POST /my/logins/direct`: checks the consumer key and the user's password, records the token
   * and returns it. Throws ObpError 400 (header errors, see parseLoginCredentials), 401
   * InvalidConsumerKey, ConsumerIsDisabled, UsernameHasBeenLocked, or InvalidLoginCredentials
   * (unknown user or wrong password; the failure that reaches the limit locks the user).
   */
  async login(headers: IncomingHttpHeaders): Promise<{ token: string }> {
    const credentials = parseLoginCredentials(headers);
    const { store, hasher, tokens } = this.deps;

    const consumer = await store.consumers.findByKeyHash(hashConsumerKey(credentials.consumerKey));
    if (consumer === undefined) throw new ObpError('InvalidConsumerKey');
    if (!consumer.enabled) throw new ObpError('ConsumerIsDisabled');

    const user = await store.users.findByUsername(credentials.username);
    if (user === undefined) {
      await hasher.verifyDummy(credentials.password);
      throw new ObpError('InvalidLoginCredentials');
    }
    if (user.locked) throw new ObpError('UsernameHasBeenLocked');
    if (!(await hasher.verify(credentials.password, user.passwordHash))) {
      await store.users.recordFailedLogin(user.userId, this.maxBadLoginAttempts);
      throw new ObpError('InvalidLoginCredentials');
    }

    await store.users.resetFailedLogins(user.userId);
    if (hasher.needsRehash(user.passwordHash)) {
      await store.users.setPasswordHash(user.userId, await hasher.hash(credentials.password));
    }
    const { token, claims } = tokens.issue({
      userId: user.userId,
      username: user.username,
      consumerId: consumer.consumerId,
    });
    await store.tokens.insert({
      tokenId: claims.tokenId,
      userId: claims.userId,
      consumerId: claims.consumerId,
      issuedAt: new Date(claims.issuedAt * 1000),
      expiresAt: new Date(claims.expiresAt * 1000),
    });
    return { token };
  }

  /**
   * The caller of a request, synchronously and without a database round trip: null when the
   * request carries no DirectLogin credentials; the Principal for a valid token. Throws ObpError
   * 401 DirectLoginInvalidToken (the token appended, cut to 64 characters) for an invalid,
   * expired or revoked token, and 400 errors for a DirectLogin header without a token.
   */
  authenticate(headers: IncomingHttpHeaders): Principal | null {
    const token = parseTokenCredential(headers);
    if (token === null) return null;
    const principal = this.verified(token);
    if (principal === null || this.isRevoked(principal.tokenId)) {
      throw new ObpError('DirectLoginInvalidToken', {
        detail: ` ${token.slice(0, maxEchoedTokenLength)}`,
      });
    }
    return principal;
  }

  /**
   * The principal of a well-signed, unexpired token, or null. A client sends the same token
   * request after request; its verified claims are remembered until the token expires, so the
   * HMAC is computed once per token rather than once per request. Revocation is checked by the
   * caller every time.
   */
  private verified(token: string): Principal | null {
    const cached = this.verifiedTokens.get(token);
    if (cached && cached.expiresAt > this.deps.tokens.currentTime()) return cached.principal;
    const claims = this.deps.tokens.verify(token);
    if (claims === null) return null;
    const principal: Principal = {
      userId: claims.userId,
      username: claims.username,
      consumerId: claims.consumerId,
      tokenId: claims.tokenId,
    };
    this.verifiedTokens.set(token, { principal, expiresAt: claims.expiresAt * 1000 });
    return principal;
  }

  /**
   * Reloads the revoked, unexpired token ids from the database. Revocations made here stay in
   * force until a refresh has seen them, so a refresh racing a revocation cannot undo it.
   */
  async refreshRevocations(): Promise<void> {
    const startedAt = Date.now();
    const loaded = new Set(await this.deps.store.tokens.listRevokedUnexpired());
    this.loadedRevocations = loaded;
    for (const [id, revokedAt] of this.localRevocations) {
      if (loaded.has(id) || revokedAt < startedAt - localRevocationGraceMs) {
        this.localRevocations.delete(id);
      }
    }
  }

  /** Revokes every unexpired token of the user, effective at once here; returns how many. */
  async revokeUserTokens(userId: string): Promise<number> {
    const ids = await this.deps.store.tokens.revokeAllOfUser(userId);
    this.refuse(ids);
    if (ids.length > 0) await this.onTokensRevoked?.(ids);
    return ids.length;
  }

  /** Revokes one token, effective at once here; false if unknown or already revoked. */
  async revokeToken(tokenId: string): Promise<boolean> {
    // Refuse the token before the database answers: the request may race a request using it.
    this.localRevocations.set(tokenId, Date.now());
    const revoked = await this.deps.store.tokens.revoke(tokenId);
    if (revoked) await this.onTokensRevoked?.([tokenId]);
    return revoked;
  }

  /**
   * Refuses these tokens from now on: revoked here, or by another gateway process or the admin
   * CLI that told us so (the next refresh confirms them from the database).
   */
  refuse(tokenIds: readonly string[]): void {
    const now = Date.now();
    for (const id of tokenIds) this.localRevocations.set(id, now);
  }

  private isRevoked(tokenId: string): boolean {
    return this.loadedRevocations.has(tokenId) || this.localRevocations.has(tokenId);
  }
}
