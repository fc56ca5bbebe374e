import type { Producer } from 'kafkajs';
import type { AdapterCapabilitiesRecordV1 } from '../codec/generated/messages.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { Logger } from '../observability/logger.js';

/** Who publishes, and what: the record's fixed fields. */
export interface PublishedAdapter {
  readonly topic: string;
  readonly adapterName: string;
  readonly adapterVersion: string;
  readonly instanceId: string;
  readonly heartbeatMs: number;
  /** The methods and versions the adapter implements, read at every heartbeat. */
  readonly methods: () => AdapterCapabilitiesRecordV1['methods'];
}

/**
 * An adapter instance's capability record on `<prefix>.adapters` (keyed by instance id): sent
 * once serving and again every `heartbeatMs`, so gateways can tell a live instance from a dead
 * one; a tombstone (null value) on stop, so they forget it at once.
 */
export class CapabilityPublisher {
  private readonly startedAt = new Date();
  private heartbeat: NodeJS.Timeout | undefined;
  /** The heartbeat under way, which the tombstone must follow, not precede. */
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: () => Producer | undefined,
    private readonly adapter: PublishedAdapter,
    private readonly catalog: SchemaCatalog,
    private readonly codec: SingleObjectCodec,
    private readonly log: Logger,
  ) {}

  /** Publishes the record, then again every `heartbeatMs` until stop(). */
  async start(): Promise<void> {
    await this.publish(false);
    this.heartbeat = setInterval(() => {
      this.publishing = this.publish(false).catch((err: unknown) => {
        this.log.warn('could not publish capabilities', { error: String(err) });
      });
    }, this.adapter.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends the heartbeats; nothing more is published unless `tombstone` is. */
  stopHeartbeats(): void {
    clearInterval(this.heartbeat);
  }

  /**
   * Publishes the tombstone after any heartbeat already being sent: a heartbeat sent after it
   * would make this instance look live for three more heartbeats. A failure is logged.
   */
  async tombstone(): Promise<void> {
    this.stopHeartbeats();
    await this.publishing;
    await this.publish(true).catch((err: unknown) =>
      this.log.warn('could not publish tombstone', { error: String(err) }),
    );
  }

  private async publish(tombstone: boolean): Promise<void> {
    const { topic, instanceId } = this.adapter;
    let value: Buffer | null = null;
    if (!tombstone) {
      const record: AdapterCapabilitiesRecordV1 = {
        adapterName: this.adapter.adapterName,
        adapterVersion: this.adapter.adapterVersion,
        instanceId,
        methods: this.adapter.methods(),
        startedAt: this.startedAt,
        publishedAt: new Date(),
        heartbeatMs: this.adapter.heartbeatMs,
      };
      value = this.codec.encode(this.catalog.topicSchema('adapterCapabilities', 1), record);
    }
    await this.producer()?.send({ topic, messages: [{ key: instanceId, value }] });
  }
}
