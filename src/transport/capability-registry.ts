import type { AdapterCapabilitiesRecordV1 } from '../codec/generated/messages.js';

/** How many missed heartbeats make an adapter instance count as gone. */
const MISSED_HEARTBEATS = 3;

/**
 * The gateway's view of which adapter instances are live and what they implement, built from
 * the compacted `<prefix>.adapters` topic. An instance is live from its last record until
 * `publishedAt + 3 × heartbeatMs`, or until its tombstone.
 */
export class CapabilityRegistry {
  private readonly instances = new Map<string, AdapterCapabilitiesRecordV1>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies one record of the topic; null is a tombstone (the instance stopped). */
  apply(instanceId: string, record: AdapterCapabilitiesRecordV1 | null): void {
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
