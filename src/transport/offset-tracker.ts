/** A committable position: the offset of the next message to process in a partition. */
export interface CommittableOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

interface PartitionProgress {
  /**
   * Offsets begun and not yet committed, ascending: messages arrive in offset order, and a
   * redelivery from an earlier offset replaces what was pending from there on.
   */
  pending: bigint[];
  readonly finished: Set<bigint>;
}

/**
 * Which consumed offsets may be committed when messages finish out of order: per partition,
 * only the unbroken run of finished offsets from the oldest unfinished one. A crash then
 * redelivers exactly the messages whose work was not done (duplicates are for the message-id
 * deduplication to absorb), never skips one.
 */
export class OffsetTracker {
  private readonly partitions = new Map<
    string,
    PartitionProgress & { topic: string; partition: number }
  >();

  /**
   * Records that work on a message started. An offset not above the last one begun is a
   * redelivery (the group rejoined, or the consumer was restarted, and fetching went back to the
   * last commit): the offsets pending from there on are begun again, so they are pending once.
   * Work still running on the earlier delivery counts when it finishes.
   */
  begin(topic: string, partition: number, offset: string): void {
    const key = `${topic}\u0000${partition}`;
    let progress = this.partitions.get(key);
    if (!progress) {
      progress = { topic, partition, pending: [], finished: new Set() };
      this.partitions.set(key, progress);
    }
    const next = BigInt(offset);
    const last = progress.pending[progress.pending.length - 1];
    if (last !== undefined && next <= last)
      progress.pending = progress.pending.filter((pending) => pending < next);
    progress.pending.push(next);
  }

  /** Records that work on a message finished (successfully or not: it was answered). */
  finish(topic: string, partition: number, offset: string): void {
    const progress = this.partitions.get(`${topic}\u0000${partition}`);
    const done = BigInt(offset);
    const oldest = progress?.pending[0];
    // Below every pending offset: a second delivery's work, already committed with the first.
    if (oldest === undefined || done < oldest) return;
    progress?.finished.add(done);
  }

  /** The positions that became committable since the last call. */
  drain(): CommittableOffset[] {
    const out: CommittableOffset[] = [];
    for (const progress of this.partitions.values()) {
      let last: bigint | undefined;
      for (
        let next = progress.pending[0];
        next !== undefined && progress.finished.has(next);
        next = progress.pending[0]
      ) {
        progress.pending.shift();
        progress.finished.delete(next);
        last = next;
      }
      if (last !== undefined)
        out.push({
          topic: progress.topic,
          partition: progress.partition,
          offset: String(last + 1n),
        });
    }
    return out;
  }

  /**
   * Forgets every partition not in `assigned` (topic → partitions), as a group join reassigns
   * them: the new owner resumes from the group's last commit, and work of ours that finishes
   * later must not commit behind it (which would move the group's offset backwards under it).
   */
  retainOnly(assigned: Readonly<Record<string, readonly number[]>>): void {
    for (const [key, progress] of this.partitions)
      if (!assigned[progress.topic]?.includes(progress.partition)) this.partitions.delete(key);
  }

  /** Messages begun and not yet committable. */
  get unfinished(): number {
    let n = 0;
    for (const progress of this.partitions.values()) n += progress.pending.length;
    return n;
  }
}
