import { randomUUID } from 'node:crypto';
import type { ImplementedMethod, Status } from '../codec/generated/messages.js';
import { methodVersions } from '../codec/generated/messages.js';
import type { MethodName, RequestOf } from '../codec/message-types.js';
import { CodecError } from '../codec/codec-error.js';
import type { SchemaCatalog, SchemaEntry } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { WireMessage } from '../codec/wire-message.js';
import { isMethodName, methodRegistry } from '../connector/method-registry.js';
import { errorCatalog, errorNameForCode, type ErrorName } from '../errors/error-catalog.js';
import { errorToStatus, runtimeFailureStatus, successStatus } from '../errors/failure-converter.js';
import type { Logger } from '../observability/logger.js';
import { BacklogLog } from './backlog-log.js';
import {
  implementedMethods,
  type Adapter,
  type HandlerContext,
  type MethodHandler,
} from './adapter.js';
import {
  MemoryIdempotencyStore,
  type IdempotencyStore,
  type StoredReply,
} from './idempotency-store.js';

/** Whom a runtime failure answers: the request's ids. */
interface FailedIds {
  readonly messageId: string;
  readonly correlationId: string;
  readonly sessionId: string | null;
}

/** What became of one request message. */
export type RuntimeOutcome =
  | { readonly kind: 'reply'; readonly reply: WireMessage; readonly executed: boolean }
  | {
      readonly kind: 'dead-letter';
      /** Why the message cannot be processed; goes with it to the dead-letter queue. */
      readonly reason: string;
      /** An error reply when the runtime can tell whom to answer, else null. */
      readonly reply: WireMessage | null;
    };

/** One request the runtime is about to execute. */
interface Work<M extends MethodName> {
  readonly method: M;
  readonly handler: MethodHandler<M>;
  readonly request: RequestOf<M>;
  /** From the headers (for logs). */
  readonly correlationId: string;
  readonly messageId: string;
  readonly deadline: number;
  readonly responseEntry: SchemaEntry;
}

export interface AdapterRuntimeOptions {
  readonly catalog: SchemaCatalog;
  readonly codec: SingleObjectCodec;
  readonly logger: Logger;
  /**
   * Deadline for requests that carry none (epoch ms header missing), in milliseconds from when
   * the request was produced (or received, where the transport cannot tell).
   */
  readonly defaultTimeoutMs?: number;
  readonly now?: () => number;
  /**
   * Told after every handler execution: the method, the outcome (`ok` or the reply's OBP error
   * code) and how long the handler took in seconds (an adapter process's metrics).
   */
  readonly onExecuted?: (method: MethodName, outcome: string, seconds: number) => void;
  /** How often skipped backlog is summarised in the log (default 10 000 ms; see below). */
  readonly backlogSummaryMs?: number;
}

/**
 * A request whose deadline passed longer ago than this is backlog, not overload: typically a new
 * consumer group reading retained requests from the start. Its skip is counted and summarised
 * in one log line per `backlogSummaryMs` instead of one line each, so thousands of them do not
 * flood the log. A request that just missed its deadline is still logged on its own.
 */
const backlogAfterMs = 60_000;

/** Counters an operator can read (and metrics export). */
export interface RuntimeStats {
  handled: number;
  executed: number;
  deduplicated: number;
  skippedPastDeadline: number;
  deadLettered: number;
}

/**
 * Serves one adapter's handlers to any transport (DESIGN.md data path, `adapter/`): decodes the
 * Avro request, drops work whose deadline passed, deduplicates writes by message-id, dispatches
 * to the typed handler, and always answers — failures included — with an encoded reply.
 * Messages it cannot read are returned as dead letters with the reason.
 */
export class AdapterRuntime {
  readonly stats: RuntimeStats = {
    handled: 0,
    executed: 0,
    deduplicated: 0,
    skippedPastDeadline: 0,
    deadLettered: 0,
  };
  private readonly idempotency: IdempotencyStore;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly backlog: BacklogLog;

  constructor(
    readonly adapter: Adapter,
    private readonly options: AdapterRuntimeOptions,
  ) {
    this.idempotency = adapter.idempotencyStore ?? new MemoryIdempotencyStore();
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ area: 'adapter', adapter: adapter.name });
    this.backlog = new BacklogLog(this.log, options.backlogSummaryMs ?? 10_000);
  }

  /** The methods and versions this adapter answers. */
  capabilities(): ImplementedMethod[] {
    return implementedMethods(this.adapter, methodVersions);
  }

  /** Processes one request message; never throws for a bad message (it becomes a dead letter). */
  async handle(message: WireMessage): Promise<RuntimeOutcome> {
    this.stats.handled++;
    const headers = message.headers;
    const messageId = headers['message-id'];
    const correlationId = headers['correlation-id'];
    const method = headers.method ?? '';
    if (!messageId || !correlationId || !isMethodName(method)) {
      return this.deadLetter(
        `missing message-id or correlation-id, or unknown method "${method}"`,
        null,
      );
    }

    const reader = this.options.catalog.entry(method, methodVersions[method], 'request');
    let request: RequestOf<typeof method>;
    let writer: SchemaEntry;
    try {
      ({ value: request, writer } = this.options.codec.decode<RequestOf<typeof method>>(
        message.value,
        reader,
      ));
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
      const responseEntry = this.options.catalog.entry(method, methodVersions[method], 'response');
      const status = runtimeFailureStatus(
        'AdapterUnknownError',
        this.adapter.name,
        `Undecodable request: ${err.message}`,
      );
      const reply = this.reply(messageId, correlationId, null, responseEntry, status, null);
      return this.deadLetter(`${err.reason}: ${err.message}`, reply);
    }

    const responseEntry = this.options.catalog.entry(method, writer.version, 'response');
    const callContext = request.outboundAdapterCallContext;
    // Without a deadline header the default runs from when the request was produced, so a
    // request replayed long after (a new consumer group reading from the start) is not executed.
    const deadline =
      parseDeadline(headers.deadline) ??
      (message.producedAt ?? this.now()) + (this.options.defaultTimeoutMs ?? 30_000);
    const now = this.now();
    if (now >= deadline) {
      this.stats.skippedPastDeadline++;
      if (now - deadline < backlogAfterMs) {
        this.log.warn('skipped request past its deadline', {
          method,
          correlationId,
          messageId,
          deadline,
        });
      } else {
        this.backlog.note(method);
      }
      return this.failed(
        { messageId, correlationId, sessionId: callContext.sessionId },
        responseEntry,
        'AdapterTimeout',
        'Deadline passed before the adapter started the work; nothing was executed.',
      );
    }

    const handler = this.adapter.handlers[method] as MethodHandler<typeof method> | undefined;
    if (!handler) {
      return this.failed(
        { messageId, correlationId, sessionId: callContext.sessionId },
        responseEntry,
        'AdapterFunctionNotImplemented',
        `${this.adapter.name} does not implement ${method}.`,
      );
    }

    const work: Work<typeof method> = {
      method,
      handler,
      request,
      correlationId,
      messageId,
      deadline,
      responseEntry,
    };
    // Unnamed closures only on this path: tsx (esbuild keepNames) names each named one with a
    // defineProperty call, every time it is created.
    let executed = false;
    let stored: StoredReply;
    if (methodRegistry[method].kind === 'write') {
      try {
        stored = await this.idempotency.once(messageId, () => {
          executed = true;
          return this.execute(work);
        });
      } catch (err) {
        // The store itself failed (its database down): whatever the handler did was not
        // recorded with it (a transactional store rolled both back). Answer a retriable fault
        // at once, kept nowhere, so the caller retries with the same message-id rather than
        // waiting for its deadline.
        this.log.error('idempotency store failed; answered a retriable fault', {
          method,
          correlationId,
          messageId,
          executed,
          error: String(err),
        });
        return this.failed(
          { messageId, correlationId, sessionId: callContext.sessionId },
          responseEntry,
          'CoreBankingSystemError',
          "The adapter's idempotency store failed; the outcome was not recorded. Retry.",
          executed,
        );
      }
    } else {
      executed = true;
      stored = await this.execute(work);
    }
    if (!executed) {
      this.stats.deduplicated++;
      this.log.info('answered repeated message-id from the idempotency store', {
        method,
        correlationId,
        messageId,
      });
    }
    return { kind: 'reply', executed, reply: this.wrap(messageId, correlationId, stored.value) };
  }

  /** Runs the handler of one request and encodes its reply (a failure becomes a status). */
  private async execute<M extends MethodName>(work: Work<M>): Promise<StoredReply> {
    const { method, handler, request, correlationId, messageId, deadline, responseEntry } = work;
    this.stats.executed++;
    const { outboundAdapterCallContext: callContext, ...args } = request;
    let signal: AbortSignal | undefined;
    const context: HandlerContext = {
      callContext,
      messageId,
      deadline,
      // Made on first use: most handlers never look, and a timer per call adds up.
      get signal() {
        return (signal ??= AbortSignal.timeout(Math.max(1, deadline - Date.now())));
      },
    };
    const started = performance.now();
    let status: Status;
    let data: unknown = null;
    try {
      data = await handler(args, context);
      status = successStatus();
    } catch (err) {
      status = errorToStatus(err, this.adapter.name, performance.now() - started);
      this.logFailure(method, correlationId, status, err);
    }
    this.options.onExecuted?.(
      method,
      status.errorCode ?? 'ok',
      (performance.now() - started) / 1000,
    );
    const value = this.encodeReply(
      responseEntry,
      callContext.correlationId,
      callContext.sessionId,
      status,
      data,
    );
    return {
      value: value.buffer,
      final: isFinal(value.status),
      succeeded: value.status.errorCode === null,
    };
  }

  private encodeReply(
    entry: SchemaEntry,
    correlationId: string,
    sessionId: string | null,
    status: Status,
    data: unknown,
  ): { buffer: Buffer; status: Status } {
    const record = {
      inboundAdapterCallContext: { correlationId, sessionId, generalContext: [] },
      status,
      data,
    };
    try {
      return { buffer: this.options.codec.encode(entry, record), status };
    } catch (err) {
      // The handler returned data that does not fit the schema: a bug in the adapter.
      const text = err instanceof Error ? err.message : String(err);
      this.log.error('handler returned data that does not match the reply schema', {
        method: entry.method,
        correlationId,
        error: text,
      });
      const failure = runtimeFailureStatus('AdapterUnknownError', this.adapter.name, text);
      return {
        buffer: this.options.codec.encode(entry, { ...record, status: failure, data: null }),
        status: failure,
      };
    }
  }

  private reply(
    messageId: string,
    correlationId: string,
    sessionId: string | null,
    entry: SchemaEntry,
    status: Status,
    data: unknown,
  ): WireMessage {
    return this.wrap(
      messageId,
      correlationId,
      this.encodeReply(entry, correlationId, sessionId, status, data).buffer,
    );
  }

  private wrap(inReplyTo: string, correlationId: string, value: Buffer): WireMessage {
    return {
      headers: {
        'message-id': randomUUID(),
        'correlation-id': correlationId,
        'in-reply-to': inReplyTo,
      },
      value,
    };
  }

  /** A reply with a failure the runtime detected itself (`executed`: whether a handler ran). */
  private failed(
    { messageId, correlationId, sessionId }: FailedIds,
    entry: SchemaEntry,
    name: ErrorName,
    text: string,
    executed = false,
  ): RuntimeOutcome {
    const status = runtimeFailureStatus(name, this.adapter.name, text);
    return {
      kind: 'reply',
      executed,
      reply: this.reply(messageId, correlationId, sessionId, entry, status, null),
    };
  }

  private deadLetter(reason: string, reply: WireMessage | null): RuntimeOutcome {
    this.stats.deadLettered++;
    this.log.warn('dead-lettered a request', { reason });
    return { kind: 'dead-letter', reason, reply };
  }

  private logFailure(
    method: MethodName,
    correlationId: string,
    status: Status,
    err: unknown,
  ): void {
    if (err instanceof Error && err.name === 'AdapterError') {
      this.log.debug('handler reported a failure', {
        method,
        correlationId,
        code: status.errorCode,
      });
    } else {
      this.log.error('handler failed unexpectedly', {
        method,
        correlationId,
        code: status.errorCode,
        error: err instanceof Error ? err.stack : String(err),
      });
    }
  }
}

/** A reply may be replayed to a repeated message-id unless it reports a retriable failure. */
function isFinal(status: Status): boolean {
  if (status.errorCode === null) return true;
  const name: ErrorName | undefined = errorNameForCode(status.errorCode);
  return name === undefined || !errorCatalog[name].retriable;
}

function parseDeadline(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Number(header);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
