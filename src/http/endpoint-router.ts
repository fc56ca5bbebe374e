import type { Request, RequestHandler, Response } from 'express';
import type { BasicGeneralContext } from '../codec/generated/messages.js';
import type { CallContext } from '../connector/call-context.js';
import { ObpError } from '../errors/obp-error.js';
import type { Principal } from '../auth/auth-service.js';
import { apiVersions, type ApiVersion } from './api-versions.js';
import { requireBank } from './backend-lookups.js';
import { checkBodyIds, parseBody } from './body-validation.js';
import type { Check, EndpointContext, EndpointDefinition } from './endpoint.js';
import type { GatewayServices } from './gateway-services.js';
import { EndpointMatcher } from './endpoint-matcher.js';
import { validatePathParams } from './path-params.js';
import { requireRoles } from './role-check.js';

const DEFAULT_CHECKS: readonly Check[] = ['bank', 'roles', 'body'];

declare module 'express-serve-static-core' {
  interface Request {
    /** The matched endpoint's path pattern, e.g. `/obp/v5.1.0/banks/BANK_ID` (for logs). */
    routePattern?: string;
  }
}

/**
 * Serves every endpoint under each `/obp/vX.Y.Z` prefix that serves it, found through one
 * lookup table ({@link EndpointMatcher}). Unknown paths fall through to the 404 handler; a
 * percent-encoding that does not decode is a 400.
 */
export function versionedRouter(
  endpoints: readonly EndpointDefinition[],
  services: GatewayServices,
): RequestHandler {
  const matcher = new EndpointMatcher<{ def: EndpointDefinition; handler: RequestHandler }>();
  for (const version of apiVersions) {
    for (const def of endpoints.filter((e) => e.versions.includes(version))) {
      matcher.add(def.verb, version, def.path, {
        def,
        handler: endpointHandler(def, version, services),
      });
    }
  }
  return (req, res, next) => {
    const path = req.path;
    if (!path.startsWith('/obp/')) return next();
    const parts = path.split('/');
    const version = parts[2] ?? '';
    // Express routes ignore one trailing slash; so does this.
    const end =
      parts.length > 3 && parts[parts.length - 1] === '' ? parts.length - 1 : parts.length;
    let segments: string[];
    try {
      segments = parts.slice(3, end).map(decodeURIComponent);
    } catch {
      return next(
        new ObpError('InvalidUrlParameters', {
          detail: ' The path is not valid percent-encoding.',
        }),
      );
    }
    const found = matcher.match(req.method, version, segments);
    if (!found) return next();
    req.params = found.params;
    req.routePattern = `/obp/${version}${found.value.def.path}`;
    return found.value.handler(req, res, next);
  };
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
