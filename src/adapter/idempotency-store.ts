import { BoundedMap } from '../store/bounded-map.js';

/** The outcome of one execution: the encoded reply, and whether it may be replayed forever. */
export interface StoredReply {
  readonly value: Buffer;
  /** Whether the handler succeeded; a store that runs writes in a transaction rolls back failures. */
  readonly succeeded: boolean;
  /** False for retriable failures (timeouts, backend down): a retry must execute again. */
  readonly final: boolean;
}

/**
 * Deduplicates write messages by message-id: the first delivery executes, later deliveries of
 * the same id get the stored reply, and concurrent deliveries share the one execution. A store
 * backed by the adapter's own database runs `execute` inside the transaction that records the
 * reply, so the write and its dedupe record commit together or not at all.
 */
export interface IdempotencyStore {
  once(messageId: string, execute: () => Promise<StoredReply>): Promise<StoredReply>;
}

interface Entry {
  readonly reply: Promise<StoredReply>;
  expiresAt: number;
}

/**
 * In-memory idempotency store for adapters without their own database (memory). Bounded: entries
 * expire after `ttlMs`, and beyond `maxEntries` the oldest are dropped first. Survives nothing;
 * the sql adapter keeps its store in its own database instead.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries: BoundedMap<string, Entry>;

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new BoundedMap(maxEntries);
  }

  async once(messageId: string, execute: () => Promise<StoredReply>): Promise<StoredReply> {
    const now = this.now();
    const existing = this.entries.get(messageId);
    if (existing && existing.expiresAt > now) return existing.reply;

    const reply = execute();
    this.entries.delete(messageId);
    this.entries.set(messageId, { reply, expiresAt: now + this.ttlMs });
    // Insertion order is expiry order: the expired entries are the oldest.
    this.entries.evictWhile((entry) => entry.expiresAt <= now);
    try {
      const result = await reply;
      if (!result.final) this.entries.delete(messageId);
      return result;
    } catch (err) {
      this.entries.delete(messageId);
      throw err;
    }
  }

  /** Number of remembered message ids (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }
}
