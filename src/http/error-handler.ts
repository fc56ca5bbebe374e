import type { NextFunction, Request, Response } from 'express';
import { ObpError } from '../errors/obp-error.js';
import type { Logger } from '../observability/logger.js';

/**
 * The one Express error middleware (STYLE.md §6): writes OBP's error body
 * `{"code": <status>, "message": "OBP-NNNNN: text"}` for every failure. A 401 gets OBP's
 * `WWW-Authenticate` header; anything that is not an `ObpError` is logged with its stack and
 * answered as OBP-50000 without internals.
 */
export function errorHandler(
  logger: Logger,
): (err: unknown, req: Request, res: Response, next: NextFunction) => void {
  const log = logger.child({ area: 'http' });
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = err instanceof ObpError ? err : new ObpError('UnknownError', { cause: err });
    if (!(err instanceof ObpError)) {
      log.error('unexpected error', {
        correlationId: req.correlationId,
        error: err instanceof Error ? err.stack : String(err),
      });
    } else if (error.httpStatus >= 500) {
      log.warn('request failed', {
        correlationId: req.correlationId,
        code: error.code,
        ...error.context,
        backendMessages: undefined,
      });
    }
    if (error.httpStatus === 401) {
      const host = (req.headers.host ?? '').replace(/[^A-Za-z0-9.:[\]-]/g, '') || 'localhost';
      res.setHeader(
        'WWW-Authenticate',
        `OAuth realm="${host}", Bearer realm="${host}", DirectLogin realm="${host}"`,
      );
    }
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.httpStatus).json({ code: error.httpStatus, message: error.message });
  };
}

/** Unknown routes (and known paths with an unsupported verb) answer OBP's 404 JSON. */
export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new ObpError('InvalidUri'));
}
