import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import type { MethodName } from '../codec/message-types.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { WireMessage } from '../codec/wire-message.js';
import { methodNames } from '../connector/method-registry.js';
import type { OutboundRequest, Transport } from '../connector/transport.js';
import { ObpError } from '../errors/obp-error.js';
import type { Logger } from '../observability/logger.js';
import { CapabilityReader } from './capability-reader.js';
import { createKafkaClient, runKeptRunning } from './kafka-client.js';
import { toKafkaHeaders } from './kafka-headers.js';
import {
  ensureTopics,
  retryRetriable,
  sharedTopics,
  topicNames,
  type TopicLayout,
} from './kafka-topics.js';
import { PendingRequests } from './pending-requests.js';
import { ProducerBatcher } from './producer-batcher.js';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly prefix: string;
  /** Stable id of this gateway instance: its reply topic and consumer group are named after it. */
  readonly instanceId: string;
  readonly layout: TopicLayout;
  readonly catalog: SchemaCatalog;
  readonly codec: SingleObjectCodec;
  readonly logger: Logger;
  /** How long start() may take (topics, group join, capabilities) before it fails. */
  readonly startTimeoutMs?: number;
}

/** What an operator (and /ready) wants to know about the transport. */
export type KafkaTransportStatus = {
  /** Connected, and this instance owns its reply partitions. */
  readonly ok: boolean;
  readonly connected: boolean;
  readonly ownsReplyPartitions: boolean;
  /**
   * The reply group is rebalancing. Requests are still sent: their replies are read once the
   * group has rejoined, from where this instance stopped reading.
   */
  readonly rejoiningReplyGroup: boolean;
  readonly liveAdapters: number;
  readonly pending: number;
};

/**
 * Connector requests over Apache Kafka (DESIGN.md "Kafka conventions"): each request goes to
 * `<prefix>.request.<method>` with its headers and the reply topic of this instance; replies
 * come back on `<prefix>.reply.<instanceId>`, whose partitions this instance alone consumes (its
 * own consumer group, so no other instance's rebalance can touch reply routing). `start()`
 * returns only once those partitions are owned and the capability topic has been read, so a
 * method no live adapter implements fails at once (OBP-60015). Every request has an absolute
 * deadline: past it the caller gets OBP-60014 and a reply that still arrives is counted as late
 * and dropped quietly.
 */
export class KafkaTransport implements Transport {
  readonly name = 'kafka';
  readonly stats = {
    sent: 0,
    replies: 0,
    timeouts: 0,
    lateReplies: 0,
    /** A second reply to a request already answered: a redelivery, or a reply read again. */
    duplicateReplies: 0,
    /** A reply to no request this instance remembers sending. */
    unmatchedReplies: 0,
    /** Crashes of the reply and capability consumers (each run again). */
    consumerCrashes: 0,
  };
  private readonly pending: PendingRequests;
  private readonly capabilities: CapabilityReader;
  private readonly log: Logger;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private batcher: ProducerBatcher | undefined;
  private replyConsumer: Consumer | undefined;
  private capabilityConsumer: Consumer | undefined;
  private connected = false;
  private ownsReplies = false;
  private rejoining = false;
  private stopped: Promise<void> | undefined;
  /**
   * Per reply partition, the offset after the last reply read. Nothing is committed (replies
   * matter for this run only), so a rejoin of the reply group would otherwise restart at the
   * end of the topic and skip the replies produced in between.
   */
  private readonly replyPositions = new Map<number, string>();
  private stopping = false;
  private deadLetters = { at: 0, count: 0 };

  constructor(private readonly options: KafkaTransportOptions) {
    this.log = options.logger.child({ area: 'kafka-transport', instanceId: options.instanceId });
    this.pending = new PendingRequests(this.stats, this.log);
    this.capabilities = new CapabilityReader(
      topicNames.adapters(options.prefix),
      options.catalog,
      options.codec,
      this.log,
    );
  }

  /** This instance's reply topic. */
  get replyTopic(): string {
    return topicNames.reply(this.options.prefix, this.options.instanceId);
  }

  /**
   * Connects, creates the topics, owns the reply partitions and reads the capabilities, by
   * `startTimeoutMs`. On failure everything it connected is disconnected again (so nothing keeps
   * the process alive or rejoins a group), and the error is rethrown.
   */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      this.stopping = true;
      await this.disconnectAll().catch((cause: unknown) =>
        this.log.warn('could not disconnect after a failed start', { error: String(cause) }),
      );
      throw err;
    }
  }

  private async connect(): Promise<void> {
    const { prefix, instanceId, layout } = this.options;
    const kafka = createKafkaClient(
      { brokers: this.options.brokers, clientId: `southgate-gateway-${instanceId}` },
      this.options.logger,
    );
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    this.admin = kafka.admin();
    await this.admin.connect();
    await ensureTopics(this.admin, [
      ...sharedTopics(prefix, methodNames, layout),
      {
        topic: this.replyTopic,
        numPartitions: layout.replyPartitions,
        replicationFactor: layout.replicationFactor,
        // Replies matter for seconds; keep an hour for operators, not forever.
        configEntries: [{ name: 'retention.ms', value: String(3600 * 1000) }],
      },
    ]);
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      // Java's murmur2 partitioning, so keys land where other-language producers put them.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    this.batcher = new ProducerBatcher(this.producer);

    this.replyConsumer = kafka.consumer({
      groupId: `${prefix}.gateway.${instanceId}`,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // A fetch returns as soon as one reply arrives; this only bounds an idle poll.
      maxWaitTimeInMs: 100,
    });
    const replyPartitions = await this.replyPartitionCount(layout.replyPartitions, deadline);
    const owned = this.whenRepliesOwned(this.replyConsumer, replyPartitions, deadline);
    // Awaited below; it may reject (its deadline) while the consumer still connects.
    owned.catch(() => undefined);
    this.resumeRepliesAfterRejoin(this.replyConsumer);
    await this.replyConsumer.connect();
    await this.replyConsumer.subscribe({ topic: this.replyTopic, fromBeginning: false });
    await runKeptRunning(
      this.replyConsumer,
      {
        // Replies are for this run only: nothing to resume from, so nothing to commit.
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) this.pending.answer(message);
          const last = batch.messages[batch.messages.length - 1];
          if (last) this.replyPositions.set(batch.partition, String(BigInt(last.offset) + 1n));
          return Promise.resolve();
        },
      },
      this.supervision('reply'),
    );
    await owned;
    // Where reading starts, pinned before any request goes out: a rejoin before the first
    // reply resumes here, not at the end of the topic.
    const admin = this.admin;
    const ends = await retryRetriable(() => admin.fetchTopicOffsets(this.replyTopic), deadline);
    for (const { partition, offset } of ends) {
      if (!this.replyPositions.has(partition)) this.replyPositions.set(partition, offset);
    }

    this.capabilityConsumer = kafka.consumer({
      groupId: `${prefix}.gateway.${instanceId}.capabilities`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
    });
    await this.capabilities.follow(
      this.capabilityConsumer,
      this.admin,
      deadline,
      this.supervision('capabilities'),
    );
    this.connected = true;
    this.log.info('kafka transport ready', {
      replyTopic: this.replyTopic,
      liveAdapters: this.capabilities.liveCount(),
    });
  }

  /** How a consumer of this instance is run again after a crash, and counted. */
  private supervision(name: string) {
    return {
      log: this.log,
      name,
      stopping: () => this.stopping,
      onCrash: () => this.stats.consumerCrashes++,
    };
  }

  /** Idempotent: a second call waits for the same stop. */
  stop(): Promise<void> {
    this.stopped ??= this.drainAndDisconnect();
    return this.stopped;
  }

  private async drainAndDisconnect(): Promise<void> {
    this.stopping = true;
    await this.pending.whenEmpty();
    await this.disconnectAll();
  }

  private async disconnectAll(): Promise<void> {
    this.connected = false;
    await this.capabilityConsumer?.disconnect();
    await this.replyConsumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  /**
   * Whether a live adapter implements the method, from the capability topic — or undefined
   * while this instance cannot read that topic (e.g. the broker is down): then silence from the
   * adapters says nothing about them, and the request's own failure tells the truth.
   */
  implements(method: MethodName, version: number): boolean | undefined {
    return this.capabilities.implements(method, version);
  }

  /** Connection, reply-partition ownership, live adapters and requests awaiting replies. */
  status(): KafkaTransportStatus {
    return {
      ok: this.connected && this.ownsReplies,
      connected: this.connected,
      ownsReplyPartitions: this.ownsReplies,
      rejoiningReplyGroup: this.rejoining,
      liveAdapters: this.capabilities.liveCount(),
      pending: this.pending.size,
    };
  }

  /**
   * Messages in the dead-letter topic (sum over partitions of high minus low watermark), read
   * from the broker at most every 10 s. A metrics scrape must not fail or hang because the
   * broker does: while it is unreachable, or slower than 2 s to answer, the last count read is
   * reported (a read still under way lands for the next scrape), and a failed read is logged.
   */
  async deadLetterCount(): Promise<number> {
    const now = Date.now();
    if (this.admin && this.connected && now - this.deadLetters.at > 10_000) {
      this.deadLetters = { at: now, count: this.deadLetters.count };
      const read = this.admin.fetchTopicOffsets(topicNames.deadLetters(this.options.prefix)).then(
        (offsets) => {
          this.deadLetters = {
            at: now,
            count: offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0),
          };
        },
        (err: unknown) =>
          this.log.warn('could not read the dead-letter count; /metrics reports the last one', {
            error: String(err),
          }),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([read, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
    }
    return this.deadLetters.count;
  }

  request(request: OutboundRequest): Promise<WireMessage> {
    const headers = request.message.headers;
    const context = { method: request.method, correlationId: headers['correlation-id'] };
    if (!this.connected || this.stopping || !this.batcher) {
      return Promise.reject(new ObpError('KafkaServerUnavailable', { context }));
    }
    if (!this.ownsReplies) {
      // No reply could reach us (broker gone, reply partitions assigned elsewhere): fail now
      // rather than at the deadline. A rebalance that leaves them here does not stop requests.
      return Promise.reject(
        new ObpError('KafkaServerUnavailable', {
          detail: ' This gateway is not receiving replies right now.',
          headers: { 'Retry-After': '1' },
          context,
        }),
      );
    }
    const id = headers['message-id'];
    return new Promise<WireMessage>((resolve, reject) => {
      if (!this.pending.add(id, context, request.deadline, { resolve, reject })) return;
      this.stats.sent++;
      this.batcher
        ?.send(topicNames.request(this.options.prefix, request.method), {
          key: request.key,
          value: request.message.value,
          headers: toKafkaHeaders(headers, { 'reply-topic': this.replyTopic }),
        })
        .catch((err: unknown) => {
          this.log.warn('could not send a request', { ...context, error: String(err) });
          this.pending.fail(id, new ObpError('KafkaServerUnavailable', { cause: err, context }));
        });
    });
  }

  /**
   * After the reply group rejoins (a missed heartbeat, a coordinator move, a stray member),
   * continues each partition where this instance stopped reading, so no reply produced in
   * between is skipped. Replies read twice find nothing pending and are counted as duplicates.
   */
  private resumeRepliesAfterRejoin(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const partition of payload.memberAssignment[this.replyTopic] ?? []) {
        const offset = this.replyPositions.get(partition);
        if (offset === undefined) continue;
        // Emitted before the new generation's first fetch, which applies the seek.
        consumer.seek({ topic: this.replyTopic, partition, offset });
        this.log.info('reply partition resumed after a rejoin', { partition, offset });
      }
    });
  }

  /**
   * How many partitions the reply topic really has. Topics keep the partitions they were
   * created with: an instance restarted with another KAFKA_REPLY_PARTITIONS must wait for the
   * partitions its topic has, or it would never count itself as owning them all.
   */
  private async replyPartitionCount(configured: number, deadline: number): Promise<number> {
    const admin = this.admin;
    if (!admin) throw new Error('start() connects the admin client first');
    const metadata = await retryRetriable(
      () => admin.fetchTopicMetadata({ topics: [this.replyTopic] }),
      deadline,
    );
    const actual = metadata.topics[0]?.partitions.length ?? configured;
    if (actual !== configured) {
      this.log.warn(
        'the reply topic keeps the partitions it was created with; KAFKA_REPLY_PARTITIONS applies to new topics',
        { replyTopic: this.replyTopic, partitions: actual, configured },
      );
    }
    return actual;
  }

  /**
   * Resolves when this instance owns every reply partition and has fetched from them once (so
   * the starting offsets are fixed before any request can be answered).
   */
  private whenRepliesOwned(
    consumer: Consumer,
    partitions: number,
    deadline: number,
  ): Promise<void> {
    const { GROUP_JOIN, FETCH, REBALANCING, CRASH, STOP, DISCONNECT } = consumer.events;
    const lost = () => {
      this.ownsReplies = false;
      this.rejoining = false;
    };
    for (const event of [CRASH, STOP, DISCONNECT] as const) consumer.on(event, lost);
    // Rebalancing, the partitions are not fetched until the group rejoins. Replies produced
    // meanwhile wait in the topic, and resumeRepliesAfterRejoin reads them then; whether this
    // instance still owns its partitions is known at GROUP_JOIN.
    consumer.on(REBALANCING, () => (this.rejoining = true));
    return new Promise((resolve, reject) => {
      let joined = false;
      const timer = setTimeout(
        () =>
          reject(
            new Error(`Did not own the ${partitions} partitions of ${this.replyTopic} in time`),
          ),
        Math.max(0, deadline - Date.now()),
      );
      timer.unref();
      consumer.on(GROUP_JOIN, ({ payload }) => {
        joined = (payload.memberAssignment[this.replyTopic] ?? []).length === partitions;
        this.ownsReplies = joined;
        this.rejoining = false;
        if (!joined)
          this.log.warn(
            'reply partitions not all assigned to this instance; is INSTANCE_ID shared?',
            { replyTopic: this.replyTopic },
          );
      });
      consumer.on(FETCH, () => {
        if (!joined) return;
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
