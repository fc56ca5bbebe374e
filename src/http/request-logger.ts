import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The OBP operation id that answered, once routing has matched. */
    operationId?: string;
  }
}

/**
 * One structured log line per request when the response is finished: correlation id, HTTP
 * method, the path pattern (ids replaced by their names, so no customer data lands in logs),
 * status and duration (also observed in the request-latency histogram). Bodies, headers and
 * query strings are never logged.
 */
export function requestLogger(
  logger: Logger,
  metrics?: Metrics,
): (req: Request, res: Response, next: NextFunction) => void {
  const log = logger.child({ area: 'http' });
  return (req, res, next) => {
    res.on('finish', () => {
      const durationMs = Math.round((performance.now() - req.startedAt) * 100) / 100;
      const fields = {
        correlationId: req.correlationId,
        method: req.method,
        path: routePattern(req),
        status: res.statusCode,
        durationMs,
        operationId: req.operationId,
      };
      metrics?.httpRequestDuration.observe(
        {
          operation: req.operationId ?? 'unmatched',
          method: req.method,
          status: String(res.statusCode),
        },
        durationMs / 1000,
      );
      if (res.statusCode >= 500) log.warn('request', fields);
      else log.info('request', fields);
    });
    next();
  };
}

function routePattern(req: Request): string {
  if (req.routePattern) return req.routePattern;
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  // Unmatched routes: keep the shape of the path, not its values.
  return `${req.baseUrl}${req.path}`
    .split('/')
    .map((s) => (s.length > 40 ? '…' : s))
    .join('/')
    .slice(0, 200);
}
