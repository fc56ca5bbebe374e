import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Handlers by `"<METHOD> <path>"`, e.g. `"GET /health"`. */
export type FixedRoutes = Readonly<Record<string, RequestHandler>>;

/**
 * Serves routes whose paths are fixed (operator endpoints, the schema listing, DirectLogin) with
 * one map lookup per request instead of one Express router layer per group. `prefixed` handles
 * `"<METHOD> <prefix>"` for paths that continue after the prefix (e.g. a fingerprint).
 */
export function fixedRoutes(exact: FixedRoutes, prefixed: FixedRoutes = {}): RequestHandler {
  const prefixes = Object.entries(prefixed).map(([key, handler]) => {
    const [method = '', prefix = ''] = key.split(' ');
    return { method, prefix, handler };
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const handler = exact[`${req.method} ${req.path}`];
    if (handler) {
      req.routePattern = req.path;
      return handler(req, res, next);
    }
    for (const route of prefixes) {
      if (
        req.method === route.method &&
        req.path.startsWith(route.prefix) &&
        req.path.length > route.prefix.length
      ) {
        // The request log shows the route, not what follows the prefix.
        req.routePattern = `${route.prefix}…`;
        return route.handler(req, res, next);
      }
    }
    next();
    return undefined;
  };
}
