import { hostname } from 'node:os';
import {
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import type { AdapterRuntime } from '../adapter/adapter-runtime.js';
import type { MethodName } from '../codec/message-types.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { WireMessage } from '../codec/wire-message.js';
import { keepsKeyOrder, methodNames } from '../connector/method-registry.js';
import type { Logger } from '../observability/logger.js';
import { createKafkaClient, runKeptRunning } from './kafka-client.js';
import { CapabilityPublisher } from './capability-publisher.js';
import { DeadLetterWriter } from './dead-letter-writer.js';
import { MessageScheduler } from './message-scheduler.js';
import { OffsetCommitter } from './offset-committer.js';
import { fromKafkaHeaders, toKafkaHeaders } from './kafka-headers.js';
import { ensureTopics, sharedTopics, topicNames, type TopicLayout } from './kafka-topics.js';
import { OffsetTracker } from './offset-tracker.js';
import { ProducerBatcher } from './producer-batcher.js';

export interface KafkaAdapterHostOptions {
  readonly brokers: readonly string[];
  readonly prefix: string;
  /** Unique per running adapter process; the key of its capability record. */
  readonly instanceId?: string;
  readonly layout: TopicLayout;
  readonly catalog: SchemaCatalog;
  readonly codec: SingleObjectCodec;
  readonly logger: Logger;
  /** How often the capability record is republished (default 5 s). */
  readonly heartbeatMs?: number;
  /** Request partitions processed at once (default 16); order is kept per key. */
  readonly partitionsConsumedConcurrently?: number;
  /** How long stop() lets in-flight work finish (default 10 s). */
  readonly drainMs?: number;
  /** Messages handled at once; beyond, fetching pauses (default 512). */
  readonly maxInFlight?: number;
  /** How often finished offsets are committed (default 1 s). */
  readonly commitIntervalMs?: number;
}

/** How often a batch waiting for room under maxInFlight heartbeats (session timeout: 6 s). */
const ROOM_WAIT_HEARTBEAT_MS = 1_000;

/**
 * Serves one adapter over Kafka (DESIGN.md data path, adapter side): consumes the request
 * topics of the methods it implements in the consumer group `<prefix>.adapter.<name>`, hands
 * each message to the adapter runtime, sends the reply to the message's `reply-topic`, and
 * sends what cannot be processed to `<prefix>.dlq` with the reason. Messages with the same key
 * (one customer) are handled in order; different keys run concurrently. Handling never holds up
 * fetching: kafkajs moves on at once, at most `maxInFlight` messages are in hand, and only the
 * offsets of finished messages are committed (every `commitIntervalMs`), so a crash redelivers
 * exactly the unfinished work. It publishes its capabilities once it is really fetching, then
 * every heartbeat, and a tombstone on stop.
 */
export class KafkaAdapterHost {
  readonly stats = {
    received: 0,
    replied: 0,
    deadLettered: 0,
    undeliverable: 0,
    /** Crashes of the request consumer (each run again). */
    consumerCrashes: 0,
  };
  readonly instanceId: string;
  private readonly log: Logger;
  private readonly scheduler: MessageScheduler;
  private readonly offsets = new OffsetTracker();
  /**
   * The request topics whose messages run in key order: a topic carries one method, and only
   * the methods that keep their key order ({@link keepsKeyOrder}: writes, but not
   * createCustomer) are ordered; the rest run concurrently even for one key.
   */
  private readonly orderedTopics: ReadonlySet<string>;
  private readonly committer: OffsetCommitter;
  private producer: Producer | undefined;
  private batcher: ProducerBatcher | undefined;
  private consumer: Consumer | undefined;
  private readonly capabilityRecord: CapabilityPublisher;
  /** The request partitions the group gave this instance at its last join (topic → partitions). */
  private assigned: Readonly<Record<string, readonly number[]>> | undefined;
  /** Aborted when stop() begins (or a start fails): ends the waits between dead-letter attempts. */
  private readonly stopped = new AbortController();
  private readonly deadLetters: DeadLetterWriter;
  /** Whether the consumer is a member of its group and fetching (not crashed or stopped). */
  private consuming = false;

  constructor(
    private readonly runtime: AdapterRuntime,
    private readonly options: KafkaAdapterHostOptions,
  ) {
    this.instanceId = options.instanceId ?? `${hostname()}-${runtime.adapter.name}-${process.pid}`;
    this.scheduler = new MessageScheduler(options.maxInFlight ?? 512);
    this.orderedTopics = new Set(
      methodNames.filter(keepsKeyOrder).map((method) => topicNames.request(options.prefix, method)),
    );
    this.log = options.logger.child({
      area: 'adapter-host',
      adapter: runtime.adapter.name,
      instanceId: this.instanceId,
    });
    this.committer = new OffsetCommitter(this.offsets, () => this.consumer, this.log);
    this.deadLetters = new DeadLetterWriter(
      () => this.batcher,
      {
        topic: topicNames.deadLetters(options.prefix),
        adapterName: runtime.adapter.name,
        instanceId: this.instanceId,
      },
      this.log,
      this.stopped.signal,
    );
    this.capabilityRecord = new CapabilityPublisher(
      () => this.producer,
      {
        topic: topicNames.adapters(options.prefix),
        adapterName: runtime.adapter.name,
        adapterVersion: runtime.adapter.version,
        instanceId: this.instanceId,
        heartbeatMs: options.heartbeatMs ?? 5_000,
        methods: () => runtime.capabilities(),
      },
      options.catalog,
      options.codec,
      this.log,
    );
  }

  private get stopping(): boolean {
    return this.stopped.signal.aborted;
  }

  /** The request topics of the methods this adapter implements. */
  private get subscribedTopics(): string[] {
    return this.runtime
      .capabilities()
      .map((c) => topicNames.request(this.options.prefix, c.method as MethodName));
  }

  /**
   * Creates the topics, joins the adapter's consumer group and publishes the capabilities once
   * fetching. On failure whatever it connected is disconnected again, and the error rethrown.
   */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      this.stopped.abort();
      this.committer.stop();
      this.capabilityRecord.stopHeartbeats();
      await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
      throw err;
    }
  }

  private async connect(): Promise<void> {
    const { prefix, layout } = this.options;
    const kafka = createKafkaClient(
      { brokers: this.options.brokers, clientId: `southgate-adapter-${this.instanceId}` },
      this.options.logger,
    );
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, sharedTopics(prefix, methodNames, layout));
    } finally {
      await admin.disconnect();
    }
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      // Java's murmur2 partitioning, so keys land where other-language producers put them.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    this.batcher = new ProducerBatcher(this.producer);

    const topics = this.subscribedTopics;
    this.consumer = kafka.consumer({
      groupId: `${prefix}.adapter.${this.runtime.adapter.name}`,
      allowAutoTopicCreation: false,
      // The broker's minimum: a killed instance's partitions move to the survivors quickly.
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
    const fetching = whenFetching(this.consumer);
    this.trackConsuming(this.consumer);
    await this.consumer.connect();
    // A partition this group has never committed starts at its earliest message, not its end:
    // requests produced before an instance first read it — the group's first start, or a
    // rebalance in the group's first second (kafkajs rejoins while new topics' metadata settles)
    // — are served, not skipped. Work past its deadline is dropped unexecuted by the runtime.
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await runKeptRunning(
      this.consumer,
      {
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 16,
        // Offsets are committed by the committer once their messages are done.
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.dispatchBatch(payload),
      },
      {
        log: this.log,
        name: 'requests',
        stopping: () => this.stopping,
        onCrash: () => this.stats.consumerCrashes++,
      },
    );
    this.committer.start(this.options.commitIntervalMs ?? 1_000);
    await fetching;
    await this.capabilityRecord.start();
    this.log.info('adapter serving over kafka', { methods: topics.length });
  }

  /** What `/health` of an adapter process reports. */
  status(): { ok: boolean; consuming: boolean; stopping: boolean; inFlight: number } {
    return {
      ok: this.consuming && !this.stopping,
      consuming: this.consuming,
      stopping: this.stopping,
      inFlight: this.scheduler.size,
    };
  }

  /**
   * Stops taking messages, lets in-flight work finish (up to drainMs), commits what finished,
   * publishes the tombstone, then leaves. Work still unfinished is redelivered to the next owner.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopped.abort();
    this.capabilityRecord.stopHeartbeats();
    // Batches waiting for room under maxInFlight see `stopping` and start nothing more: work
    // started now would finish after the producer is gone, its reply lost.
    this.scheduler.wakeAll();
    const consumer = this.consumer;
    try {
      consumer?.pause(this.subscribedTopics.map((topic) => ({ topic })));
    } catch (err) {
      // Between a crash and kafkajs's automatic restart there is nothing to pause.
      this.log.debug('consumer not running while stopping', { error: String(err) });
    }
    const inFlight = await this.scheduler.settle(this.options.drainMs ?? 10_000);
    if (inFlight > 0)
      this.log.warn('stopped with work in flight; it will be redelivered', { inFlight });
    this.committer.stop();
    // Without it, the work finished since the last interval would be redelivered.
    await this.committer.commit();
    await this.capabilityRecord.tombstone();
    await consumer?.disconnect();
    await this.producer?.disconnect();
  }

  /**
   * Queues every message of a batch and returns without waiting for them: one queue per write
   * topic and key (across batches) keeps a customer's writes in order; everything else runs
   * concurrently (see {@link orderedTopics}).
   */
  private async dispatchBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // A batch of a partition the group has since moved elsewhere starts nothing more either.
    const stale = () =>
      this.stopping ||
      !payload.isRunning() ||
      payload.isStale() ||
      (this.assigned !== undefined && !this.assigned[batch.topic]?.includes(batch.partition));
    for (const message of batch.messages) {
      if (stale()) return;
      while (this.scheduler.full) {
        // kafkajs heartbeats only when asked: with every handler stuck (a core system that
        // hangs until the deadlines), waiting for room alone would miss heartbeats for longer
        // than the session timeout and get this instance evicted, its work redelivered.
        await this.scheduler.waitForRoom(ROOM_WAIT_HEARTBEAT_MS);
        if (stale()) return;
        await payload.heartbeat();
      }
      const key =
        message.key && this.orderedTopics.has(batch.topic)
          ? `${batch.topic}\u0000${message.key.toString('latin1')}`
          : undefined;
      this.offsets.begin(batch.topic, batch.partition, message.offset);
      this.scheduler.schedule(key, async () => {
        const done = await this.process(batch.topic, batch.partition, message).catch(
          (err: unknown) => {
            this.log.error('message handling failed', {
              topic: batch.topic,
              offset: message.offset,
              error: String(err),
            });
            return true;
          },
        );
        // Not done (its dead letter could not be written): left uncommitted, so redelivered.
        if (done) this.offsets.finish(batch.topic, batch.partition, message.offset);
      });
      // Fetching continues from the next message; committing waits for the committer.
      payload.resolveOffset(message.offset);
    }
    await payload.heartbeat();
  }

  private trackConsuming(consumer: Consumer): void {
    const { GROUP_JOIN, FETCH, CRASH, STOP, DISCONNECT } = consumer.events;
    for (const event of [GROUP_JOIN, FETCH] as const)
      consumer.on(event, () => (this.consuming = true));
    // A crash (the consumer is run again: see runKeptRunning), a stop or a lost connection ends
    // consuming until the group is joined again. A rebalance is a moment's pause, not a fault.
    for (const event of [CRASH, STOP, DISCONNECT] as const)
      consumer.on(event, () => (this.consuming = false));
    // Partitions the group moved elsewhere: their work still running must not commit under the
    // new owner (it would move the group's offset backwards).
    consumer.on(GROUP_JOIN, (event) => {
      this.assigned = event.payload.memberAssignment;
      this.offsets.retainOnly(event.payload.memberAssignment);
    });
  }

  /**
   * Handles one request and answers it. Resolves true once it is done (answered, or dead-lettered
   * with the reply it allows), false when its dead letter could not be written before stop():
   * its offset must then stay uncommitted so that it is redelivered, not lost.
   */
  private async process(topic: string, partition: number, message: KafkaMessage): Promise<boolean> {
    this.stats.received++;
    const headers = fromKafkaHeaders(message.headers);
    const replyTopic = headers['reply-topic'] ?? '';
    const replyPrefix = topicNames.reply(this.options.prefix, '');
    // Checked before handling: a message that cannot be answered is not executed, since a write
    // run now would run again when its dead letter is replayed. And never produce to a topic
    // outside the reply namespace, whatever a message asks for.
    if (!replyTopic.startsWith(replyPrefix) || replyTopic.length === replyPrefix.length)
      return this.deadLetter(topic, partition, message, unanswerable(headers));
    const producedAt = Number(message.timestamp);
    const outcome = await this.runtime.handle({
      headers,
      value: message.value ?? Buffer.alloc(0),
      producedAt: producedAt > 0 ? producedAt : undefined,
    });
    if (outcome.kind !== 'dead-letter') {
      await this.reply(replyTopic, outcome.reply, headers['correlation-id']);
      return true;
    }
    // The error reply does not wait for the dead letter: the caller learns of the failure even
    // while the dead-letter queue cannot be written.
    const [, written] = await Promise.all([
      outcome.reply && this.reply(replyTopic, outcome.reply, headers['correlation-id']),
      this.deadLetter(topic, partition, message, outcome.reason),
    ]);
    return written;
  }

  /** Sends a reply; a failure is counted and logged (the caller times out), never thrown. */
  private async reply(
    replyTopic: string,
    reply: WireMessage,
    correlationId: string,
  ): Promise<void> {
    try {
      await this.batcher?.send(replyTopic, {
        key: reply.headers['in-reply-to'] ?? null,
        value: reply.value,
        headers: toKafkaHeaders(reply.headers),
      });
      this.stats.replied++;
    } catch (err) {
      this.stats.undeliverable++;
      this.log.warn('reply could not be delivered', {
        replyTopic,
        correlationId,
        error: String(err),
      });
    }
  }

  private deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ): Promise<boolean> {
    this.stats.deadLettered++;
    return this.deadLetters.write(topic, partition, message, reason);
  }
}

/** Why a message cannot be answered: headers missing, or a reply topic outside the namespace. */
function unanswerable(headers: Readonly<Record<string, string>>): string {
  const missing = ['message-id', 'correlation-id', 'method', 'reply-topic'].filter(
    (name) => !headers[name],
  );
  const replyTopic = headers['reply-topic'];
  return [
    ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
    ...(replyTopic ? [`reply-topic "${replyTopic}" is not a reply topic`] : []),
  ].join('; ');
}

/** Resolves once the consumer has joined its group and completed a fetch (offsets are fixed). */
function whenFetching(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => {
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    consumer.on(consumer.events.FETCH, () => {
      if (joined) resolve();
    });
  });
}
