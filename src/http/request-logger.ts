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
  routeWords: ReadonlySet<string> = new Set(),
): (req: Request, res: Response, next: NextFunction) => void {
  const log = logger.child({ area: 'http' });
  return (req, res, next) => {
    res.on('finish', () => {
      const durationMs = Math.round((performance.now() - req.startedAt) * 100) / 100;
      const fields = {
        correlationId: req.correlationId,
        method: req.method,
        path: routePattern(req, routeWords),
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

function routePattern(req: Request, routeWords: ReadonlySet<string>): string {
  if (req.routePattern) return req.routePattern;
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  // Unmatched routes (a wrong verb, a typo): keep the words routes are made of and hide every
  // other segment, which may be an id, an email address or a name.
  return `${req.baseUrl}${req.path}`
    .split('/')
    .slice(0, 16)
    .map((s) => (s === '' || routeWords.has(s) ? s : '…'))
    .join('/');
}

/**
 * The literal segments of `paths` (OBP-style, placeholders in capitals: `/banks/BANK_ID/…`):
 * what the request log may show of a path no route matched.
 */
export function routeWordsOf(paths: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const path of paths)
    for (const segment of path.split('/'))
      if (segment !== '' && !/^[A-Z][A-Z0-9_]*$/.test(segment)) words.add(segment);
  return words;
}
