import type { ImplementedMethod, OutboundAdapterCallContext } from '../codec/generated/messages.js';
import type { ArgsOf, DataOf, MethodName } from '../codec/message-types.js';
import type { SqlPoolStatus } from '../store/sql-client.js';
import type { IdempotencyStore } from './idempotency-store.js';

/** What a handler knows about the call besides its arguments. */
export interface HandlerContext {
  /** Who is calling: correlation id, consumer, user, pass-through headers. */
  readonly callContext: OutboundAdapterCallContext;
  /** The request's message-id (the idempotency key for writes). */
  readonly messageId: string;
  /** Epoch milliseconds after which nobody waits for the answer. */
  readonly deadline: number;
  /** Aborted when the deadline passes; pass it to I/O that accepts one. */
  readonly signal: AbortSignal;
}

/**
 * One connector method's implementation: typed arguments in, typed data out. To fail, throw an
 * `AdapterError` naming a catalog error (e.g. `CustomerNotFoundByCustomerId`); anything else
 * thrown is reported as an unexpected backend fault.
 */
export type MethodHandler<M extends MethodName> = (
  args: ArgsOf<M>,
  context: HandlerContext,
) => Promise<DataOf<M>>;

/** A handler per implemented method. A method left out answers OBP-60015 at once. */
export type MethodHandlers = { readonly [M in MethodName]?: MethodHandler<M> };

/**
 * A backend adapter (DESIGN.md: `connectors/<backend>`): a name, a version and its handlers. The
 * adapter runtime does the plumbing — decoding, deadlines, deduplication, replies — so an adapter
 * is written once and served in process or over Kafka alike.
 */
export interface Adapter {
  readonly name: string;
  readonly version: string;
  readonly handlers: MethodHandlers;
  /** Where write replies are remembered; defaults to an in-memory store. */
  readonly idempotencyStore?: IdempotencyStore;
  /** Releases connections and timers; called once when the process stops. */
  close?(): Promise<void>;
  /**
   * An adapter on PostgreSQL: the state of its connections now, reported by the process that
   * serves it (`southgate_sql_pool_*` with `store="adapter"`).
   */
  sqlPoolStatus?(): SqlPoolStatus;
}

/** The methods and versions an adapter implements (published as its capabilities). */
export function implementedMethods(
  adapter: Adapter,
  versions: Record<MethodName, number>,
): ImplementedMethod[] {
  return (Object.keys(adapter.handlers) as MethodName[])
    .filter((method) => adapter.handlers[method] !== undefined)
    .sort()
    .map((method) => ({ method, version: versions[method] }));
}
