import express, { type Request, type RequestHandler, type Response } from 'express';
import type { BasicGeneralContext } from '../codec/generated/messages.js';
import type { CallContext } from '../connector/call-context.js';
import { ObpError } from '../errors/obp-error.js';
import type { Principal } from '../auth/auth-service.js';
import { apiVersions, type ApiVersion } from './api-versions.js';
import { requireBank } from './backend-lookups.js';
import { checkBodyIds, parseBody } from './body-validation.js';
import type { Check, EndpointContext, EndpointDefinition } from './endpoint.js';
import type { GatewayServices } from './gateway-services.js';
import { PATH_PARAMETER, validatePathParams } from './path-params.js';
import { requireRoles } from './role-check.js';

const DEFAULT_CHECKS: readonly Check[] = ['bank', 'roles', 'body'];

/**
 * Mounts every endpoint under each `/obp/vX.Y.Z` prefix that serves it, one router per version
 * (literal path segments before parameters, so `/customers/customer-number` wins over
 * `/customers/CUSTOMER_ID`).
 */
export function versionedRouter(
  endpoints: readonly EndpointDefinition[],
  services: GatewayServices,
): express.Router {
  const root = express.Router();
  for (const version of apiVersions) {
    const router = express.Router({ caseSensitive: true });
    const served = endpoints
      .filter((e) => e.versions.includes(version))
      .sort((a, b) => comparePaths(a.path, b.path));
    for (const def of served)
      router[verbMethod(def)](expressPath(def.path), endpointHandler(def, version, services));
    root.use(`/obp/${version}`, router);
  }
  return root;
}

/** The Express handler for one endpoint at one version: login, path ids, checks, handler. */
export function endpointHandler(
  def: EndpointDefinition,
  version: ApiVersion,
  services: GatewayServices,
): RequestHandler {
  const checks = def.checks ?? DEFAULT_CHECKS;
  const pathHasBank = def.path.includes('BANK_ID');
  return async (req: Request, res: Response) => {
    req.operationId = def.operationId;
    const principal = services.auth.authenticate(req.headers);
    if (def.auth !== 'optional' && principal === null) throw new ObpError('UserNotLoggedIn');
    const params = req.params as Record<string, string>;
    validatePathParams(params);
    const ctx: EndpointContext<unknown> = {
      req,
      version,
      params,
      body: undefined,
      principal,
      call: callContext(req, principal, params),
      services,
    };
    let bodyParsed = false;
    for (const check of checks) {
      if (check === 'bank') {
        if (pathHasBank) ctx.bank = await requireBank(ctx, params.BANK_ID as string);
      } else if (check === 'roles') {
        if (def.roles && principal) {
          requireRoles(
            await services.entitlements.rolesOf(principal.userId),
            def.roles,
            params.BANK_ID ?? '',
          );
        }
      } else if (check === 'body') {
        if (def.body) (ctx as { body: unknown }).body = parseBody(def.body, req.body, def.bodyName);
        bodyParsed = true;
      } else if (check === 'bodyIds') {
        checkBodyIds(req.body);
      } else {
        await check(ctx);
      }
    }
    if (def.body && !bodyParsed)
      (ctx as { body: unknown }).body = parseBody(def.body, req.body, def.bodyName);
    const result = await def.handle(ctx);
    res.status(def.successStatus);
    if (result === undefined) res.end();
    else res.json(result);
  };
}

/** The connector call context for a request. */
export function callContext(
  req: Request,
  principal: Principal | null,
  params: Readonly<Record<string, string>> = {},
): CallContext {
  const passThrough: BasicGeneralContext[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length > 12 && name.slice(0, 12).toLowerCase() === 'pass-through')
      passThrough.push({ key: name, value: raw[i + 1] as string });
  }
  const traceparent = req.headers.traceparent;
  return {
    correlationId: req.correlationId,
    consumerId: principal?.consumerId ?? null,
    user: principal ? { userId: principal.userId, username: principal.username } : null,
    passThrough,
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
    routing: { bankId: params.BANK_ID, customerId: params.CUSTOMER_ID },
    ...(req.idempotency ? { idempotency: req.idempotency } : {}),
  };
}

function verbMethod(def: EndpointDefinition): 'get' | 'post' | 'put' | 'delete' {
  return def.verb.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
}

/** `/banks/BANK_ID/customers` → `/banks/:BANK_ID/customers`. */
export function expressPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (PATH_PARAMETER.test(segment) ? `:${segment}` : segment))
    .join('/');
}

function comparePaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const ap = PATH_PARAMETER.test(as[i] as string);
    const bp = PATH_PARAMETER.test(bs[i] as string);
    if (ap !== bp) return ap ? 1 : -1;
  }
  return 0;
}
