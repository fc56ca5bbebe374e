import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** What a valid DirectLogin token says. Times are epoch seconds, as in JWT. */
export interface TokenClaims {
  readonly userId: string;
  readonly username: string;
  readonly consumerId: string;
  /** The token's id (JWT `jti`): the key of its `tokens` row and of revocation. */
  readonly tokenId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** Who a new token is for; `tokenId` defaults to a random UUID. */
export interface TokenSubject {
  readonly userId: string;
  readonly username: string;
  readonly consumerId: string;
  readonly tokenId?: string;
}

/** Signing key and lifetime of DirectLogin tokens. */
export interface TokenServiceOptions {
  /** HMAC-SHA256 key, at least 32 bytes; shared by every instance of one deployment. */
  readonly secret: string | Buffer;
  /** Token lifetime; default four weeks, OBP's `token_expiration_weeks` default. */
  readonly ttlMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** OBP's default DirectLogin token lifetime: 4 weeks. */
export const defaultTokenTtlMs = 4 * 7 * 24 * 60 * 60 * 1000;

const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const segmentPattern = /^[A-Za-z0-9_-]+$/;
const maxTokenLength = 4096;

/**
 * Issues and verifies DirectLogin tokens as compact HS256 JWTs (header.payload.signature,
 * base64url). Verification is pure CPU, no database, because it runs on every request: it
 * checks the algorithm, the signature (constant-time) and the expiry. Revocation is the caller's
 * business (AuthService keeps the revoked ids). Never throws on a bad token; returns null.
 */
export class TokenService {
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  private readonly now: () => number;

  /** Throws an Error if the secret is shorter than 32 bytes or the TTL is not positive. */
  constructor(options: TokenServiceOptions) {
    this.secret = Buffer.isBuffer(options.secret) ? options.secret : Buffer.from(options.secret);
    if (this.secret.length < 32) throw new Error('Token signing secret must be at least 32 bytes');
    this.ttlMs = options.ttlMs ?? defaultTokenTtlMs;
    if (!(this.ttlMs > 0)) throw new Error('Token TTL must be positive');
    this.now = options.now ?? Date.now;
  }

  /** The service's clock (epoch ms): what "expired" is measured against. */
  currentTime(): number {
    return this.now();
  }

  /** Signs a new token for `subject`, valid from now for the configured TTL. */
  issue(subject: TokenSubject): { token: string; claims: TokenClaims } {
    const now = this.now();
    const claims: TokenClaims = {
      userId: subject.userId,
      username: subject.username,
      consumerId: subject.consumerId,
      tokenId: subject.tokenId ?? randomUUID(),
      issuedAt: Math.floor(now / 1000),
      expiresAt: Math.floor((now + this.ttlMs) / 1000),
    };
    const payload = base64url(
      JSON.stringify({
        sub: claims.userId,
        username: claims.username,
        consumer_id: claims.consumerId,
        jti: claims.tokenId,
        iat: claims.issuedAt,
        exp: claims.expiresAt,
      }),
    );
    return { token: `${header}.${payload}.${this.sign(`${header}.${payload}`)}`, claims };
  }

  /** The claims of a well-formed, correctly signed, unexpired HS256 token; otherwise null. */
  verify(token: string): TokenClaims | null {
    if (token.length > maxTokenLength) return null;
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => segmentPattern.test(part))) return null;
    const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];

    const tokenHeader = parseJsonObject(encodedHeader);
    if (tokenHeader?.alg !== 'HS256') return null;
    const expected = Buffer.from(this.sign(`${encodedHeader}.${encodedPayload}`));
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;

    const claims = toClaims(parseJsonObject(encodedPayload));
    if (claims === null || this.now() >= claims.expiresAt * 1000) return null;
    return claims;
  }

  private sign(signingInput: string): string {
    return createHmac('sha256', this.secret).update(signingInput).digest('base64url');
  }
}

function toClaims(payload: Record<string, unknown> | undefined): TokenClaims | null {
  if (payload === undefined) return null;
  const { sub, username, consumer_id, jti, iat, exp } = payload;
  if (
    !isNonEmptyString(sub) ||
    !isNonEmptyString(username) ||
    !isNonEmptyString(consumer_id) ||
    !isNonEmptyString(jti) ||
    !Number.isSafeInteger(iat) ||
    !Number.isSafeInteger(exp)
  ) {
    return null;
  }
  return {
    userId: sub,
    username,
    consumerId: consumer_id,
    tokenId: jti,
    issuedAt: iat as number,
    expiresAt: exp as number,
  };
}

function parseJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
