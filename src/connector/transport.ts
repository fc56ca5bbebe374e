import type { MethodName } from '../codec/message-types.js';
import type { WireMessage } from '../codec/wire-message.js';

/** One request as the connector hands it to a transport. */
export interface OutboundRequest {
  readonly method: MethodName;
  readonly version: number;
  /** Partitioning key: `<bankId>` or `<bankId>:<customerId>`, or null when neither is known. */
  readonly key: string | null;
  readonly message: WireMessage;
  /** Epoch milliseconds; the transport gives up (ObpError AdapterTimeout) when it passes. */
  readonly deadline: number;
}

/**
 * Carries connector requests to an adapter and brings back the reply (DESIGN.md `transport/`).
 * Implementations: in-process (default) and Kafka. A transport rejects only with an `ObpError`
 * for transport failures (timeout, unavailable, not implemented); business failures come back
 * inside the reply.
 */
export interface Transport {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking requests, waits for in-flight ones up to their deadlines, releases resources. */
  stop(): Promise<void>;
  request(request: OutboundRequest): Promise<WireMessage>;
  /** Whether some live adapter implements the method; undefined when the transport cannot tell. */
  implements(method: MethodName, version: number): boolean | undefined;
  /** Whether it can carry requests now (`ok`), with details for `GET /ready`. */
  status(): { readonly ok: boolean; readonly [detail: string]: unknown };
}
