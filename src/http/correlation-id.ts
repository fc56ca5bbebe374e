import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What a client-supplied correlation id may look like to be honoured (else a new UUID is made). */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's correlation id: in the Correlation-Id header, every message and log line. */
    correlationId: string;
    /** When the request arrived (performance.now()), for the request log. */
    startedAt: number;
  }
}

/**
 * First middleware: fixes the correlation id and puts `Correlation-Id` on every response,
 * errors included. Unlike OBP, a well-formed `X-Correlation-Id` or `X-Request-ID` from the
 * client is honoured; `X-Request-ID` is echoed back as sent.
 */
export function correlationId(req: Request, res: Response, next: NextFunction): void {
  req.startedAt = performance.now();
  const offered = req.headers['x-correlation-id'] ?? req.headers['x-request-id'];
  const candidate = Array.isArray(offered) ? offered[0] : offered;
  req.correlationId =
    candidate !== undefined && WELL_FORMED.test(candidate) ? candidate : randomUUID();
  res.setHeader('Correlation-Id', req.correlationId);
  const requestId = req.headers['x-request-id'];
  if (typeof requestId === 'string' && WELL_FORMED.test(requestId))
    res.setHeader('X-Request-ID', requestId);
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
}
