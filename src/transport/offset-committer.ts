import type { Consumer } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import type { OffsetTracker } from './offset-tracker.js';

/**
 * Commits what an {@link OffsetTracker} says may be committed (the offsets of finished work),
 * every interval and when asked, one commit after the other: so the final commit of a stop
 * follows any interval's, and no older offset is committed after a newer one.
 */
export class OffsetCommitter {
  private timer: NodeJS.Timeout | undefined;
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly offsets: OffsetTracker,
    private readonly consumer: () => Consumer | undefined,
    private readonly log: Logger,
  ) {}

  /** Commits every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.commit(), intervalMs);
    this.timer.unref();
  }

  /** No more interval commits; commit() still commits. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Commits the offsets whose messages are all finished, after any commit under way. */
  commit(): Promise<void> {
    this.committing = this.committing.then(() => this.commitOnce());
    return this.committing;
  }

  private async commitOnce(): Promise<void> {
    const consumer = this.consumer();
    const committable = this.offsets.drain();
    if (committable.length === 0 || !consumer) return;
    try {
      await consumer.commitOffsets([...committable]);
    } catch (err) {
      // After a rebalance the partition may belong to another instance: it redelivers from
      // the last commit, and message-id deduplication absorbs the repeats.
      this.log.debug('could not commit offsets', { error: String(err) });
    }
  }
}
