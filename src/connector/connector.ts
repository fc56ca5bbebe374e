import { randomUUID } from 'node:crypto';
import type { ArgsOf, DataOf, MethodName, ResponseOf } from '../codec/message-types.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import { CodecError } from '../codec/codec-error.js';
import { ObpError } from '../errors/obp-error.js';
import { statusToError } from '../errors/failure-converter.js';
import type { Logger } from '../observability/logger.js';
import { toOutboundCallContext, type CallContext } from './call-context.js';
import { currentVersion, methodRegistry, type MethodKind } from './method-registry.js';
import type { Transport } from './transport.js';

/** How long the gateway waits for each kind of method unless configured per method. */
export interface ConnectorTimeouts {
  readonly read: number;
  readonly write: number;
  readonly perMethod?: Partial<Record<MethodName, number>>;
}

export interface ConnectorOptions {
  readonly catalog: SchemaCatalog;
  readonly codec: SingleObjectCodec;
  readonly logger: Logger;
  readonly timeouts: ConnectorTimeouts;
  readonly now?: () => number;
}

/** Per-call overrides. */
export interface CallOptions {
  /** Message-id to use instead of a fresh one (idempotency key, replay). */
  readonly messageId?: string;
}

/**
 * `Connector.call(method, args, ctx)` (DESIGN.md `connector/`): fills OBP's call context, encodes
 * the request as Avro, sets the deadline and headers, sends it through the transport and turns
 * the reply into data — or, through the failure converter, into an `ObpError`.
 */
export class Connector {
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(
    private readonly transport: Transport,
    private readonly options: ConnectorOptions,
  ) {
    this.log = options.logger.child({ area: 'connector', transport: transport.name });
    this.now = options.now ?? Date.now;
  }

  /** The transport calls go through. */
  get transportName(): string {
    return this.transport.name;
  }

  async call<M extends MethodName>(
    method: M,
    args: ArgsOf<M>,
    ctx: CallContext,
    options: CallOptions = {},
  ): Promise<DataOf<M>> {
    const version = currentVersion(method);
    const context = { method, correlationId: ctx.correlationId };
    if (this.transport.implements(method, version) === false) {
      throw new ObpError('AdapterFunctionNotImplemented', {
        detail: ` No live adapter implements ${method} v${version}.`,
        context,
      });
    }
    const kind: MethodKind = methodRegistry[method].kind;
    const deadline = this.now() + this.timeoutFor(method, kind);
    const requestEntry = this.options.catalog.entry(method, version, 'request');
    const value = this.options.codec.encode(requestEntry, {
      outboundAdapterCallContext: toOutboundCallContext(ctx),
      ...args,
    });
    const messageId =
      options.messageId ??
      (kind === 'write' && ctx.idempotencyKey ? ctx.idempotencyKey : randomUUID());
    const headers = {
      'message-id': messageId,
      'correlation-id': ctx.correlationId,
      method,
      'method-version': String(version),
      deadline: String(deadline),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };

    const started = performance.now();
    const reply = await this.transport.request({
      method,
      version,
      key: routingKey(args, ctx),
      message: { headers, value },
      deadline,
    });
    let response: ResponseOf<M>;
    try {
      response = this.options.codec.decode<ResponseOf<M>>(
        reply.value,
        this.options.catalog.entry(method, version, 'response'),
      ).value;
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
      this.log.error('undecodable reply', {
        method,
        correlationId: ctx.correlationId,
        reason: err.reason,
        error: err.message,
      });
      throw new ObpError('AdapterUnknownError', {
        detail: 'The adapter reply could not be decoded.',
        cause: err,
        context,
      });
    }
    const durationMs = performance.now() - started;
    const { status, data } = response;
    if (status.errorCode !== null) {
      this.log.debug('connector call failed', {
        method,
        correlationId: ctx.correlationId,
        code: status.errorCode,
        durationMs,
      });
      throw statusToError(status, context);
    }
    this.log.debug('connector call', { method, correlationId: ctx.correlationId, durationMs });
    if (data === null) throw new ObpError('InvalidConnectorResponse', { context });
    return data;
  }

  private timeoutFor(method: MethodName, kind: MethodKind): number {
    return this.options.timeouts.perMethod?.[method] ?? this.options.timeouts[kind];
  }
}

/**
 * `<bankId>:<customerId>`, `<bankId>`, or null: from the method's own arguments, else from the
 * URL the call serves.
 */
export function routingKey(args: object, ctx: CallContext): string | null {
  const own = args as { bankId?: unknown; customerId?: unknown };
  const bankId = nonEmpty(own.bankId) ?? nonEmpty(ctx.routing?.bankId);
  if (bankId === undefined) return null;
  const customerId = nonEmpty(own.customerId) ?? nonEmpty(ctx.routing?.customerId);
  return customerId === undefined ? bankId : `${bankId}:${customerId}`;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
