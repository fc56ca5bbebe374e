import type { Admin, Consumer } from 'kafkajs';
import type { AdapterCapabilitiesRecordV1 } from '../codec/generated/messages.js';
import type { MethodName } from '../codec/message-types.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { Logger } from '../observability/logger.js';
import { CapabilityRegistry } from './capability-registry.js';
import { runKeptRunning } from './kafka-client.js';
import { retryRetriable } from './kafka-topics.js';

/** Past this since the last fetch of the capability topic, capabilities are not trusted. */
const CAPABILITY_STALE_MS = 1_000;

/** How a crashed consumer is run again (see runKeptRunning). */
type Supervision = Parameters<typeof runKeptRunning>[2];

/**
 * What the live adapters implement, as a gateway instance reads it from the capability topic
 * (`<prefix>.adapters`, keyed by adapter instance): read from the start, then followed.
 */
export class CapabilityReader {
  private readonly registry = new CapabilityRegistry();
  private readAt = 0;

  constructor(
    private readonly topic: string,
    private readonly catalog: SchemaCatalog,
    private readonly codec: SingleObjectCodec,
    private readonly log: Logger,
  ) {}

  /**
   * Whether a live adapter implements the method, or undefined while this instance cannot read
   * the topic (e.g. the broker is down): then silence from the adapters says nothing about
   * them, and the request's own failure tells the truth.
   */
  implements(method: MethodName, version: number): boolean | undefined {
    if (Date.now() - this.readAt > CAPABILITY_STALE_MS) return undefined;
    return this.registry.implements(method, version);
  }

  /** How many adapter instances are live. */
  liveCount(): number {
    return this.registry.live().length;
  }

  /**
   * Reads the topic from the start with `consumer` and keeps following it; resolves once caught
   * up with the end `admin` reports, or rejects at `deadline` (epoch ms).
   */
  async follow(
    consumer: Consumer,
    admin: Admin,
    deadline: number,
    supervision: Supervision,
  ): Promise<void> {
    const { topic } = this;
    const reader = this.catalog.topicSchema('adapterCapabilities', 1);
    const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic), deadline);
    const high = new Map(offsets.map((p) => [p.partition, Number(p.high)]));
    const next = new Map<number, number>();
    const caughtUp = () =>
      [...high].every(([partition, offset]) => (next.get(partition) ?? 0) >= offset);
    let progress = (): void => undefined;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Could not read ${topic} in time`)),
        Math.max(0, deadline - Date.now()),
      );
      timer.unref();
      progress = () => {
        if (!caughtUp()) return;
        this.readAt = Date.now();
        clearTimeout(timer);
        resolve();
      };
    });
    // Awaited below; it may reject (its deadline) while the consumer still connects.
    done.catch(() => undefined);
    // A fetch vouches for the registry only while this consumer reads the topic's partition:
    // kafkajs goes on fetching (and emitting FETCH) with nothing assigned, which happens when a
    // second process with the same INSTANCE_ID takes the partition. Unvouched capabilities
    // turn stale, and calls go to the transport (503 there) instead of answering 501 on a
    // registry that has stopped hearing from live adapters.
    let owned = true;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      owned = (payload.memberAssignment[topic] ?? []).length > 0;
      if (!owned)
        this.log.warn('capability topic assigned to another member; is INSTANCE_ID shared?', {
          topic,
        });
    });
    consumer.on(consumer.events.FETCH, () => {
      if (!owned) return;
      this.readAt = Date.now();
      progress();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await runKeptRunning(
      consumer,
      {
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const offset = Number(message.offset);
          next.set(partition, offset + 1);
          const instanceId = message.key?.toString('utf8') ?? '';
          try {
            const record = message.value
              ? this.codec.decode<AdapterCapabilitiesRecordV1>(message.value, reader).value
              : null;
            this.registry.apply(instanceId, record, { partition, offset });
          } catch (err) {
            this.log.warn('unreadable capability record ignored', {
              instanceId,
              error: String(err),
            });
          }
          progress();
          return Promise.resolve();
        },
      },
      supervision,
    );
    progress();
    await done;
  }
}
