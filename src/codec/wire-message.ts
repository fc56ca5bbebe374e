/**
 * A connector message as it crosses a transport: Kafka-style UTF-8 headers and an Avro
 * single-object encoded value. Both transports and the adapter runtime speak only this shape.
 */
export interface WireMessage {
  readonly headers: WireHeaders;
  readonly value: Buffer;
  /**
   * When the message was produced (epoch ms), where the transport knows it (Kafka's record
   * timestamp). A request without a `deadline` header gets its default deadline from this.
   */
  readonly producedAt?: number;
}

/** Message headers (DESIGN.md "Kafka conventions"); names are the lowercase wire names. */
// A type alias (not an interface) so it is assignable to plain string records.
export type WireHeaders = {
  /** Unique per logical request; the idempotency key. On replies: the reply's own id. */
  readonly 'message-id': string;
  readonly 'correlation-id': string;
  /** Requests only: the connector method, e.g. `createCustomer`. */
  readonly method?: string;
  /** Requests only: the message version, e.g. `1`. */
  readonly 'method-version'?: string;
  /** Requests over Kafka: where to send the reply. */
  readonly 'reply-topic'?: string;
  /** Requests only: epoch milliseconds after which nobody waits for the reply. */
  readonly deadline?: string;
  /** W3C trace context, when the HTTP request carried one. */
  readonly traceparent?: string;
  /** Replies only: the request's message-id. */
  readonly 'in-reply-to'?: string;
};
