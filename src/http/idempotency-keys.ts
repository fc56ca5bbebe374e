import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AuthService, Principal } from '../auth/auth-service.js';
import { ObpError } from '../errors/obp-error.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayServices } from './gateway-services.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set when the request carries an Idempotency-Key: feeds the connector's message-ids. */
    idempotency?: {
      readonly key: string;
      readonly requestHash: string;
      readonly calls: Map<string, number>;
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Outcomes a retry with the same key should run again rather than replay. */
const NOT_REMEMBERED = new Set([401, 403, 408, 409, 413, 415, 422, 429]);

/**
 * `Idempotency-Key` on POST, PUT and DELETE under `/obp/` (a UUID, scoped to the user and the
 * consumer of the request's token; ignored without a token): the
 * first request runs and its response is kept for `ttlMs`; the same key with the same method,
 * path and body replays that response (header `Idempotency-Replayed: true`) without sending a
 * second message; the same key with a different request is refused with 422, and while the first
 * is still running with 409 (for at most `inProgressLeaseMs`: a request whose process died, or
 * whose outcome could not be stored, frees its key then). A response leaves only once its outcome is stored, so a retry sent
 * on receiving it never meets that 409. The key also becomes the source of the request's connector
 * message-ids, so even a replay that reaches the backend is deduplicated there. Server errors
 * are not remembered: a retry runs again, and the adapters' message-id deduplication keeps any
 * write from happening twice.
 */
export function idempotencyKeys(
  { repository, ttlMs, inProgressLeaseMs }: NonNullable<GatewayServices['idempotency']>,
  auth: AuthService,
  logger: Logger,
): (req: Request, res: Response, next: NextFunction) => void {
  const log = logger.child({ area: 'idempotency' });
  return (req, res, next) => {
    const header = req.headers['idempotency-key'];
    if (
      header === undefined ||
      !['POST', 'PUT', 'DELETE'].includes(req.method) ||
      !req.path.startsWith('/obp/')
    ) {
      next();
      return;
    }
    if (typeof header !== 'string' || !UUID.test(header)) {
      next(
        new ObpError('InvalidUuidValue', { detail: ' The Idempotency-Key header must be a UUID.' }),
      );
      return;
    }
    let principal: Principal | null;
    try {
      principal = auth.authenticate(req.headers);
    } catch {
      next(); // an invalid token: the endpoint answers 401, nothing to remember
      return;
    }
    // Keys belong to one user of one consumer: a stored response is replayed before the
    // endpoint's own checks run, so it must never reach anyone but the user it answered. A
    // request without a token has no user to tie a key to; it runs as if the key were absent.
    if (principal === null) {
      next();
      return;
    }
    const scope = { consumerId: principal.consumerId, userId: principal.userId };
    const key = header.toLowerCase();
    const hash = requestHash(req);
    repository.claim(scope, key, hash, inProgressLeaseMs).then(
      (claim) => {
        if (claim === true) {
          req.idempotency = { key, requestHash: hash, calls: new Map() };
          recordBeforeSending(res, (status, body) =>
            (NOT_REMEMBERED.has(status) || status >= 500
              ? repository.release(scope, key)
              : repository.complete(scope, key, status, body, ttlMs)
            ).catch((err: unknown) => {
              log.error('could not record an idempotent response', {
                correlationId: req.correlationId,
                error: String(err),
              });
            }),
          );
          next();
        } else if (claim.requestHash !== hash) {
          next(
            new ObpError('InvalidRequestIdValueAlreadyUsed', {
              httpStatus: 422,
              detail: 'The Idempotency-Key was already used for a different request.',
            }),
          );
        } else if (claim.state === 'in_progress' || claim.status === null) {
          next(
            new ObpError('InvalidRequestIdValueAlreadyUsed', {
              httpStatus: 409,
              detail: 'A request with this Idempotency-Key is still in progress; retry later.',
              headers: { 'Retry-After': '1' },
            }),
          );
        } else {
          res.status(claim.status).setHeader('Idempotency-Replayed', 'true');
          res.type('application/json').send(claim.responseBody ?? '');
        }
      },
      (err: unknown) => next(err),
    );
  };
}

/**
 * Holds the response back until `record(status, body)` (with the JSON body it sends) has
 * settled: a client that retries as soon as it has the answer finds the key's outcome stored (a
 * replay, or free to run again), never a request still in progress. `record` must not reject.
 */
function recordBeforeSending(
  res: Response,
  record: (status: number, body: string) => Promise<void>,
): void {
  let body = '';
  const json = res.json.bind(res);
  res.json = (value: unknown) => {
    body = JSON.stringify(value) ?? '';
    return json(value);
  };
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let recorded = false;
  res.end = (...args: unknown[]) => {
    if (recorded) return end(...args);
    recorded = true;
    void record(res.statusCode, body).finally(() => end(...args));
    return res;
  };
}

/** SHA-256 of method, URL and the body in canonical JSON (key order does not matter). */
function requestHash(req: Request): string {
  return createHash('sha256')
    .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
