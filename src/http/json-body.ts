import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ObpError } from '../errors/obp-error.js';

/**
 * Parses JSON bodies at the HTTP trust boundary: a body must be `application/json` (or
 * `+json`), valid JSON, and at most `limitBytes`. Every failure is a 4xx with OBP's
 * "Incorrect json format." code — never a parser stack trace.
 */
export function jsonBody(
  limitBytes: number,
): (req: Request, res: Response, next: NextFunction) => void {
  const parse = express.json({ limit: limitBytes, strict: true, type: isJson });
  const translate = (err: unknown, next: NextFunction): void => {
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.too.large') {
      next(
        new ObpError('InvalidJsonFormat', {
          httpStatus: 413,
          detail: ` The request body is larger than ${limitBytes} bytes.`,
        }),
      );
    } else if (type === 'entity.parse.failed') {
      next(new ObpError('InvalidJsonFormat', { detail: ' The request body is not valid JSON.' }));
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      next(
        new ObpError('InvalidJsonFormat', {
          httpStatus: 415,
          detail: ' The body must be UTF-8 JSON.',
        }),
      );
    } else if (typeof type === 'string') {
      next(new ObpError('InvalidJsonFormat', { detail: ' The request body could not be read.' }));
    } else {
      next(err);
    }
  };
  // One middleware, not three: most requests (GETs) carry no body and pass straight through.
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    if (!isJson(req)) {
      next(
        new ObpError('InvalidJsonFormat', {
          httpStatus: 415,
          detail: ' The Content-Type header must be application/json.',
        }),
      );
      return;
    }
    parse(req, res, (err?: unknown) => (err ? translate(err, next) : next()));
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
