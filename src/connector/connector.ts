import { randomUUID } from 'node:crypto';
import type { ArgsOf, DataOf, MethodName, ResponseOf } from '../codec/message-types.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { WireHeaders } from '../codec/wire-message.js';
import { CodecError } from '../codec/codec-error.js';
import { ObpError } from '../errors/obp-error.js';
import { statusToError } from '../errors/failure-converter.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { BasicLinkedCustomer } from '../codec/generated/messages.js';
import { toOutboundCallContext, type CallContext } from './call-context.js';
import type { CircuitBreakers } from './circuit-breakers.js';
import { LinkedCustomers } from './linked-customers.js';
import { messageIdFor } from './message-ids.js';
import {
  changesLinkedCustomers,
  currentVersion,
  methodRegistry,
  type MethodKind,
} from './method-registry.js';
import type { Transport } from './transport.js';

/** How long the gateway waits for each kind of method unless configured per method. */
export interface ConnectorTimeouts {
  readonly read: number;
  readonly write: number;
  readonly perMethod?: Partial<Record<MethodName, number>>;
}

/** Retries of retriable failures (backend faults, a broker that refused a send). */
export interface RetryPolicy {
  /** Attempts after the first; 0 disables retries. */
  readonly maxRetries: number;
  /** First backoff; doubles each time, with jitter. */
  readonly backoffMs: number;
}

export interface ConnectorOptions {
  readonly catalog: SchemaCatalog;
  readonly codec: SingleObjectCodec;
  readonly logger: Logger;
  readonly timeouts: ConnectorTimeouts;
  /** Label of the backend route in logs and metrics, e.g. `kafka:southgate`. */
  readonly backend?: string;
  readonly breakers?: CircuitBreakers;
  readonly retry?: RetryPolicy;
  readonly metrics?: Metrics;
  /**
   * Fill `linkedCustomers` of a logged-in user's calls (getCustomersByUserId), reusing a found
   * list for this many milliseconds; absent, they are sent empty.
   */
  readonly linkedCustomersTtlMs?: number;
  /**
   * Told after a call that may have changed users' linked customers (and so dropped the lists
   * remembered here); the call returns once the promise settles, and it must not reject. A
   * gateway cluster uses it to drop the other workers' lists before answering.
   */
  readonly onLinkedCustomersChanged?: () => Promise<void>;
  readonly now?: () => number;
}

/** Per-call overrides. */
export interface CallOptions {
  /** Message-id to use instead of the derived one (replay). */
  readonly messageId?: string;
}

/** Gives up retrying when less than this is left before the deadline. */
const MIN_USEFUL_MS = 20;

/**
 * `Connector.call(method, args, ctx)` (DESIGN.md `connector/`): fills OBP's call context, encodes
 * the request as Avro, fixes the absolute deadline and the headers, and sends it through the
 * method's circuit breaker (which also bounds calls in flight) and the transport; the reply
 * becomes data or, through the failure converter, an `ObpError`. Retriable failures are tried
 * again with the same message-id while the deadline allows.
 */
export class Connector {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly backend: string;
  private readonly linked?: LinkedCustomers;
  private warnedUnlinked = false;

  constructor(
    private readonly transport: Transport,
    private readonly options: ConnectorOptions,
  ) {
    this.log = options.logger.child({ area: 'connector', transport: transport.name });
    this.now = options.now ?? Date.now;
    this.backend = options.backend ?? transport.name;
    if (options.linkedCustomersTtlMs !== undefined) {
      // The lookup's own message carries an empty list, so it never looks itself up.
      this.linked = new LinkedCustomers(
        (userId, ctx) =>
          this.call('getCustomersByUserId', { userId }, { ...ctx, linkedCustomers: [] }),
        options.linkedCustomersTtlMs,
        this.now,
      );
    }
  }

  /** The transport calls go through. */
  get transportName(): string {
    return this.transport.name;
  }

  /** Drops every remembered linked-customer list, after another gateway process changed one. */
  forgetLinkedCustomers(): void {
    this.linked?.forgetAll();
  }

  /** The circuit breakers, if any (for readiness and metrics). */
  get breakers(): CircuitBreakers | undefined {
    return this.options.breakers;
  }

  async call<M extends MethodName>(
    method: M,
    args: ArgsOf<M>,
    ctx: CallContext,
    options: CallOptions = {},
  ): Promise<DataOf<M>> {
    const version = currentVersion(method);
    const labels = { method, backend: this.backend };
    if (this.transport.implements(method, version) === false) {
      this.options.metrics?.connectorRejections.inc({ ...labels, reason: 'not_implemented' });
      throw new ObpError('AdapterFunctionNotImplemented', {
        detail: ` No live adapter implements ${method} v${version}.`,
        context: { method, correlationId: ctx.correlationId },
      });
    }
    const known = this.linkedCustomersOf(ctx);
    const linkedCustomers = known instanceof Promise ? await known : known;
    const kind: MethodKind = methodRegistry[method].kind;
    const deadline = this.now() + this.timeoutFor(method, kind);
    const value = this.options.codec.encode(
      this.options.catalog.entry(method, version, 'request'),
      {
        outboundAdapterCallContext: toOutboundCallContext(ctx, linkedCustomers),
        ...args,
      },
    );
    const headers: WireHeaders = {
      // Reads are never deduplicated, so only writes take the idempotency-derived id.
      'message-id':
        options.messageId ?? (kind === 'write' ? messageIdFor(ctx, method) : randomUUID()),
      'correlation-id': ctx.correlationId,
      method,
      'method-version': String(version),
      deadline: String(deadline),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };
    const request = { key: routingKey(args, ctx), headers, value, deadline };
    const breakers = this.options.breakers;
    // Closures on this path stay unnamed: tsx (esbuild keepNames) names each named one with a
    // defineProperty call, every time it is created.
    const guarded = breakers
      ? () =>
          breakers.run(method, () => this.attempt(method, version, request, ctx), ctx.correlationId)
      : () => this.attempt(method, version, request, ctx);

    const started = performance.now();
    let outcome = 'ok';
    this.options.metrics?.connectorInFlight.inc(labels);
    try {
      return await this.withRetries(method, deadline, ctx, guarded);
    } catch (err) {
      outcome = err instanceof ObpError ? (err.code ?? err.errorName) : 'error';
      this.countFailure(err, labels);
      throw err;
    } finally {
      this.options.metrics?.connectorInFlight.dec(labels);
      this.options.metrics?.connectorCallDuration.observe(
        { ...labels, outcome },
        (performance.now() - started) / 1000,
      );
      // Failed writes too: one that timed out may still have been applied.
      if (this.linked !== undefined && changesLinkedCustomers(method)) {
        this.linked.forgetAll();
        await this.options.onLinkedCustomersChanged?.();
      }
    }
  }

  /**
   * The user's linked customers for the call's context: none for an anonymous call, the list the
   * caller passed, or the (remembered) answer of getCustomersByUserId. A backend whose adapters do
   * not implement that method gets empty lists, and the operator one warning.
   */
  private linkedCustomersOf(
    ctx: CallContext,
  ): readonly BasicLinkedCustomer[] | Promise<readonly BasicLinkedCustomer[]> {
    if (ctx.linkedCustomers !== undefined) return ctx.linkedCustomers;
    const user = ctx.user;
    if (user === null || this.linked === undefined) return [];
    const lookup = 'getCustomersByUserId';
    if (this.transport.implements(lookup, currentVersion(lookup)) === false) {
      if (!this.warnedUnlinked) {
        this.warnedUnlinked = true;
        this.log.warn(`no live adapter implements ${lookup}: linkedCustomers are sent empty`);
      }
      return [];
    }
    return this.linked.of(user.userId, ctx);
  }

  private async attempt<M extends MethodName>(
    method: M,
    version: number,
    request: { key: string | null; headers: WireHeaders; value: Buffer; deadline: number },
    ctx: CallContext,
  ): Promise<DataOf<M>> {
    const context = { method, correlationId: ctx.correlationId };
    const reply = await this.transport.request({
      method,
      version,
      key: request.key,
      message: { headers: request.headers, value: request.value },
      deadline: request.deadline,
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
    const { status, data } = response;
    if (status.errorCode !== null) throw statusToError(status, context);
    if (data === null) throw new ObpError('InvalidConnectorResponse', { context });
    return data;
  }

  /**
   * Runs `call`, and again after a retriable failure while retries and the deadline allow. A
   * refusal that carries Retry-After (open breaker, too busy) is the client's to retry, not ours.
   */
  private async withRetries<T>(
    method: MethodName,
    deadline: number,
    ctx: CallContext,
    call: () => Promise<T>,
  ): Promise<T> {
    const policy = this.options.retry ?? { maxRetries: 0, backoffMs: 0 };
    for (let retry = 0; ; retry++) {
      try {
        return await call();
      } catch (err) {
        const wait = policy.backoffMs * 2 ** retry * (0.5 + Math.random() / 2);
        const again =
          err instanceof ObpError &&
          err.retriable &&
          err.headers['Retry-After'] === undefined &&
          retry < policy.maxRetries &&
          this.now() + wait + MIN_USEFUL_MS < deadline;
        if (!again) throw err;
        this.log.info('retrying a connector call', {
          method,
          correlationId: ctx.correlationId,
          code: err.code,
          retry: retry + 1,
        });
        this.options.metrics?.connectorRetries.inc({ method, backend: this.backend });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private countFailure(err: unknown, labels: { method: MethodName; backend: string }): void {
    const metrics = this.options.metrics;
    if (!metrics || !(err instanceof ObpError)) return;
    if (err.errorName === 'AdapterTimeout') metrics.connectorTimeouts.inc(labels);
    else if (err.headers['Retry-After'] !== undefined) {
      metrics.connectorRejections.inc({
        ...labels,
        reason: err.errorName === 'ServiceIsTooBusy' ? 'too_busy' : 'breaker_open',
      });
    }
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
