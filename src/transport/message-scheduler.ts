/**
 * How an adapter process runs the messages it takes: concurrently, up to a bound, except that
 * the messages of one ordering key run one after the other, in the order they were scheduled
 * (across batches). The caller decides which messages have a key (DESIGN.md: a customer's
 * writes stay in order).
 */
export class MessageScheduler {
  private readonly inFlight = new Set<Promise<void>>();
  /** The last scheduled message of each key, so the next one of that key waits for it. */
  private readonly keyTails = new Map<string, Promise<void>>();
  /**
   * Those waiting for room: several partitions' batches are dispatched at once, and each must be
   * woken when work finishes (they check again for room).
   */
  private readonly roomWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Messages scheduled and not finished (those waiting for their key included). */
  get size(): number {
    return this.inFlight.size;
  }

  /** Whether the bound is reached: the caller waits for room before scheduling more. */
  get full(): boolean {
    return this.inFlight.size >= this.limit;
  }

  /** Resolves when a message finishes, wakeAll() is called, or after `maxMs`, whichever first. */
  waitForRoom(maxMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.roomWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Wakes everyone waiting for room (stopping: they see it and schedule nothing more). */
  wakeAll(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /**
   * Runs `task` now, or after the last message of `key` scheduled before it. The task handles
   * its own failures: a rejection is only kept from stopping the messages of its key after it.
   */
  schedule(key: string | undefined, task: () => Promise<void>): void {
    const previous = key === undefined ? undefined : this.keyTails.get(key);
    const started = (previous ?? Promise.resolve()).then(task);
    const work: Promise<void> = started
      .catch(() => undefined)
      .finally(() => {
        if (key !== undefined && this.keyTails.get(key) === work) this.keyTails.delete(key);
        this.inFlight.delete(work);
        this.wakeAll();
      });
    if (key !== undefined) this.keyTails.set(key, work);
    this.inFlight.add(work);
  }

  /** Waits until everything scheduled has finished, or `maxMs` passed; returns how many remain. */
  async settle(maxMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, maxMs).unref()));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    return this.inFlight.size;
  }
}
