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
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async once(messageId: string, execute: () => Promise<StoredReply>): Promise<StoredReply> {
    const now = this.now();
    const existing = this.entries.get(messageId);
    if (existing && existing.expiresAt > now) return existing.reply;

    const reply = execute();
    this.entries.delete(messageId);
    this.entries.set(messageId, { reply, expiresAt: now + this.ttlMs });
    this.evict(now);
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

  private evict(now: number): void {
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expiresAt > now) break;
      this.entries.delete(id);
    }
  }
}
