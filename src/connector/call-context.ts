import type {
  BasicGeneralContext,
  BasicLinkedCustomer,
  OutboundAdapterCallContext,
} from '../codec/generated/messages.js';

/**
 * What the gateway knows about the HTTP request behind a connector call. The connector turns it
 * into OBP's `outboundAdapterCallContext` on every message.
 */
export interface CallContext {
  readonly correlationId: string;
  readonly consumerId: string | null;
  readonly user: { readonly userId: string; readonly username: string } | null;
  /** The request's `Pass-Through*` headers, in order. */
  readonly passThrough: readonly BasicGeneralContext[];
  /** W3C traceparent, when the client sent one. */
  readonly traceparent?: string;
  /**
   * The HTTP request's `Idempotency-Key`, if any, the hash of the request it came with, and how
   * many calls of each method the request has made so far: together they make the message-ids
   * deterministic (see message-ids.ts).
   */
  readonly idempotency?: {
    readonly key: string;
    readonly requestHash: string;
    readonly calls: Map<string, number>;
  };
  /**
   * The URL's BANK_ID and CUSTOMER_ID: the message key when a method's own arguments do not
   * name them, so every message about one customer lands on one partition, in order.
   */
  readonly routing?: { readonly bankId?: string; readonly customerId?: string };
  /**
   * The user's linked customers when the caller already knows them; otherwise the connector
   * looks them up (see linked-customers.ts).
   */
  readonly linkedCustomers?: readonly BasicLinkedCustomer[];
}

/**
 * OBP's outbound call context for `ctx` (spec/obp-connector.md §2.3). `userAuthContext` stays
 * empty: OBP fills it from stored UserAuthContext rows, which no Southgate endpoint creates.
 */
export function toOutboundCallContext(
  ctx: CallContext,
  linkedCustomers: readonly BasicLinkedCustomer[] = [],
): OutboundAdapterCallContext {
  return {
    correlationId: ctx.correlationId,
    sessionId: null,
    consumerId: ctx.consumerId,
    generalContext: [...ctx.passThrough],
    outboundAdapterAuthInfo: ctx.user
      ? {
          userId: ctx.user.userId,
          username: ctx.user.username,
          linkedCustomers: [...linkedCustomers],
          userAuthContext: [],
        }
      : null,
  };
}
