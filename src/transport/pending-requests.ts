import type { KafkaMessage } from 'kafkajs';
import type { MethodName } from '../codec/message-types.js';
import type { WireMessage } from '../codec/wire-message.js';
import { ObpError } from '../errors/obp-error.js';
import type { Logger } from '../observability/logger.js';
import { BoundedMap } from '../store/bounded-map.js';
import { fromKafkaHeaders } from './kafka-headers.js';

/** What a request's end counts: the transport's counters, shared. */
export interface ReplyCounters {
  replies: number;
  timeouts: number;
  lateReplies: number;
  /** A second reply to a request already answered: a redelivery, or a reply read again. */
  duplicateReplies: number;
  /** A reply to no request this instance remembers sending. */
  unmatchedReplies: number;
}

/** Who awaits a request's reply. */
export interface Waiter {
  readonly resolve: (reply: WireMessage) => void;
  readonly reject: (err: unknown) => void;
}

/** What the logs and a timeout's error name about a request. */
export interface RequestContext {
  readonly method: MethodName;
  readonly correlationId: string;
}

interface Pending extends RequestContext {
  readonly waiters: Waiter[];
  readonly timer: NodeJS.Timeout;
}

/**
 * The requests a gateway instance has sent over Kafka and awaits replies to, by message-id.
 * Each ends once: with its reply, at its deadline (OBP-60014), or when it could not be sent.
 * How the last 20,000 ended is remembered, so a reply that comes after its deadline, or a second
 * time, is counted as such and dropped quietly, and told apart from a reply to nothing sent.
 */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private readonly ended = new BoundedMap<string, 'answered' | 'timed out'>(20_000);
  private emptied: (() => void) | undefined;

  constructor(
    private readonly counters: ReplyCounters,
    private readonly log: Logger,
  ) {}

  /** Requests awaiting a reply. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Makes `waiter` await the reply to message `id` until `deadline` (epoch ms). True if `id` was
   * not awaited yet, so the caller sends it; false if the same message-id already awaits its
   * reply, which this waiter now shares rather than have it sent twice.
   */
  add(id: string, context: RequestContext, deadline: number, waiter: Waiter): boolean {
    const existing = this.pending.get(id);
    if (existing) {
      existing.waiters.push(waiter);
      return false;
    }
    const timer = setTimeout(() => this.expire(id), Math.max(0, deadline - Date.now()));
    this.pending.set(id, { waiters: [waiter], timer, ...context });
    return true;
  }

  /** Ends the request a reply answers (its `in-reply-to`), or counts why nothing awaited it. */
  answer(message: KafkaMessage): void {
    const headers = fromKafkaHeaders(message.headers);
    const inReplyTo = headers['in-reply-to'] ?? '';
    const reply: WireMessage = { headers, value: message.value ?? Buffer.alloc(0) };
    if (this.settle(inReplyTo, (w) => w.resolve(reply))) {
      this.counters.replies++;
      this.ended.set(inReplyTo, 'answered');
      return;
    }
    const fields = { inReplyTo, correlationId: headers['correlation-id'] };
    const ended = this.ended.get(inReplyTo);
    if (ended === 'answered') {
      // An adapter that replays a message-id replies again with its stored reply, and a rejoin
      // of the reply group may read a reply twice: expected, and harmless.
      this.counters.duplicateReplies++;
      this.log.debug('duplicate reply dropped', fields);
    } else if (ended === 'timed out') {
      this.counters.lateReplies++;
      this.log.debug('late reply dropped', fields);
    } else {
      this.counters.unmatchedReplies++;
      this.log.debug('reply for no pending request dropped', fields);
    }
  }

  /** Fails the request `id` for all its waiters with `err` (it could not be sent). */
  fail(id: string, err: unknown): void {
    this.settle(id, (w) => w.reject(err));
  }

  /** Resolves once no request awaits a reply; each ends by its deadline at the latest. */
  whenEmpty(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.emptied = resolve));
  }

  private expire(id: string): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.counters.timeouts++;
    this.ended.set(id, 'timed out');
    const context = { method: pending.method, correlationId: pending.correlationId };
    this.log.warn('connector call timed out', { ...context, messageId: id });
    this.settle(id, (w) => w.reject(new ObpError('AdapterTimeout', { context })));
  }

  /** Ends a pending request for all its waiters; false if it was not pending. */
  private settle(id: string, end: (waiter: Waiter) => void): boolean {
    const pending = this.pending.get(id);
    if (!pending) return false;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.waiters.forEach(end);
    if (this.pending.size === 0 && this.emptied) {
      this.emptied();
      this.emptied = undefined;
    }
    return true;
  }
}
