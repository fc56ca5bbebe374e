import type { AdapterCapabilitiesRecordV1 } from '../codec/generated/messages.js';

/** How many missed heartbeats make an adapter instance count as gone. */
const MISSED_HEARTBEATS = 3;

/** Where a record sits in the capability topic. */
export interface TopicPosition {
  readonly partition: number;
  readonly offset: number;
}

/**
 * The gateway's view of which adapter instances are live and what they implement, built from
 * the compacted `<prefix>.adapters` topic. An instance is live from its last record until
 * `publishedAt + 3 × heartbeatMs`, or until its tombstone.
 *
 * The topic is read again from its start whenever its consumer rejoins (it commits nothing).
 * A record at or before the last one applied for its instance is then skipped, so the replay
 * never puts an instance's old record (long expired) or an old tombstone over its current one:
 * a live adapter would otherwise look gone, and its methods answer 501, until the replay ends.
 */
export class CapabilityRegistry {
  private readonly instances = new Map<string, AdapterCapabilitiesRecordV1>();
  /** Per instance, where its last applied record (tombstones included) sits. */
  private readonly applied = new Map<string, TopicPosition>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Applies one record of the topic; null is a tombstone (the instance stopped). A record not
   * after the last one applied for the instance in the same partition is ignored.
   */
  apply(instanceId: string, record: AdapterCapabilitiesRecordV1 | null, at: TopicPosition): void {
    const last = this.applied.get(instanceId);
    if (last && last.partition === at.partition && at.offset <= last.offset) return;
    this.applied.set(instanceId, at);
    if (record === null) this.instances.delete(instanceId);
    else this.instances.set(instanceId, record);
  }

  /** Whether a live instance answers `method` at `version` or newer (newer readers resolve older writers). */
  implements(method: string, version: number): boolean {
    for (const instance of this.live()) {
      if (instance.methods.some((m) => m.method === method && m.version >= version)) return true;
    }
    return false;
  }

  /** The live instances. */
  live(): AdapterCapabilitiesRecordV1[] {
    const now = this.now();
    return [...this.instances.values()].filter(
      (i) => i.publishedAt.getTime() + MISSED_HEARTBEATS * i.heartbeatMs > now,
    );
  }
}
