import { errorCatalog, type ErrorDefinition, type ErrorName } from './error-catalog.js';

/** Context fields an error carries for logs; never glued into the client-facing text. */
export interface ErrorContext {
  readonly method?: string;
  readonly correlationId?: string;
  readonly [key: string]: unknown;
}

export interface ObpErrorOptions {
  /** Text OBP appends to the catalog message, e.g. `. Current CustomerId(abc)`. */
  readonly detail?: string;
  /** Overrides the catalog status where OBP answers a code with another status at one call site. */
  readonly httpStatus?: number;
  readonly cause?: unknown;
  readonly context?: ErrorContext;
  /** Response headers that belong to this failure, e.g. `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The one error type the gateway raises for a client-visible failure. It names a catalog entry;
 * the Express error middleware turns it into OBP's `{"code": <status>, "message": "OBP-…"}` body.
 */
export class ObpError extends Error {
  override readonly name = 'ObpError';
  readonly definition: ErrorDefinition;
  readonly httpStatus: number;
  readonly detail: string;
  readonly context: ErrorContext;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly errorName: ErrorName,
    options: ObpErrorOptions = {},
  ) {
    const definition = errorCatalog[errorName];
    const detail = options.detail ?? '';
    super(renderMessage(definition, detail), { cause: options.cause });
    this.definition = definition;
    this.httpStatus = options.httpStatus ?? definition.httpStatus;
    this.detail = detail;
    this.context = options.context ?? {};
    this.headers = options.headers ?? {};
  }

  /** The OBP code (`OBP-30046`), or null for OBP's code-less texts. */
  get code(): string | null {
    return this.definition.code;
  }

  get retriable(): boolean {
    return this.definition.retriable;
  }
}

/** `OBP-30046: Customer not found…` + detail, or the bare text for code-less entries. */
export function renderMessage(definition: ErrorDefinition, detail = ''): string {
  const prefix = definition.code === null ? '' : `${definition.code}: `;
  return `${prefix}${definition.message}${detail}`;
}
