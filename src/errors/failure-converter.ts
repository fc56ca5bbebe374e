import type { InboundStatusMessage, Status } from '../codec/generated/messages.js';
import { errorCatalog, errorNameForCode, type ErrorName } from './error-catalog.js';
import { ObpError, type ErrorContext } from './obp-error.js';

/**
 * The one place failures cross the adapter boundary, in both directions (after Temporal's
 * failure converter): an adapter-side error becomes a wire `Status`, and a wire `Status` becomes
 * a gateway `ObpError`. Nothing else parses or builds error codes on the wire.
 */

/** A failure an adapter reports on purpose: a catalog error plus a backend explanation. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';

  constructor(
    readonly errorName: ErrorName,
    /** Explanation for operators; travels as the backend message text. No personal data. */
    message: string = errorCatalog[errorName].message,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The status of a successful reply. */
export function successStatus(): Status {
  return { errorCode: null, backendMessages: [] };
}

/**
 * Adapter side: the wire status for any error a handler threw. An `AdapterError` keeps its code;
 * anything else is an unexpected backend fault (OBP-50013), reported without its message, which
 * may hold internal detail.
 */
export function errorToStatus(err: unknown, source: string, durationMs: number): Status {
  const known = err instanceof AdapterError;
  const name: ErrorName = known ? err.errorName : 'CoreBankingSystemError';
  const code = errorCatalog[name].code ?? 'OBP-50000';
  const message: InboundStatusMessage = {
    source,
    status: 'ERROR',
    errorCode: code,
    text: known ? err.message : 'Unexpected adapter error; see the adapter log.',
    duration: durationMs,
  };
  return { errorCode: code, backendMessages: [message] };
}

/** Adapter side: a status for a failure the runtime itself detected (no handler ran). */
export function runtimeFailureStatus(name: ErrorName, source: string, text: string): Status {
  const code = errorCatalog[name].code ?? 'OBP-50000';
  return {
    errorCode: code,
    backendMessages: [{ source, status: 'ERROR', errorCode: code, text, duration: null }],
  };
}

/**
 * Gateway side: the error for a failed reply. A code the catalog knows maps through it; an
 * unknown code is kept (not swallowed into "Unknown Error") and answered as a 400 business
 * error carrying the backend's first explanation.
 */
export function statusToError(status: Status, context: ErrorContext): ObpError {
  const code = status.errorCode ?? '';
  const name = errorNameForCode(code);
  const backendMessages = status.backendMessages;
  if (name) return new ObpError(name, { context: { ...context, backendMessages } });
  const text = backendMessages[0]?.text ?? '';
  return new UnknownCodeError(code, text, { ...context, backendMessages });
}

/** An adapter failure whose code is not in the catalog; rendered as `<code>: <backend text>`. */
export class UnknownCodeError extends ObpError {
  constructor(
    readonly wireCode: string,
    text: string,
    context: ErrorContext,
  ) {
    super('AdapterUnknownError', { httpStatus: 400, context });
    this.message = `${wireCode}: ${text}`;
  }

  override get code(): string {
    return this.wireCode;
  }
}
