import type { Admin, ITopicConfig } from 'kafkajs';
import type { MethodName } from '../codec/message-types.js';

/**
 * Topic names of the wire contract (DESIGN.md "Kafka conventions"). They depend only on
 * configuration, never on anything random, so they survive restarts.
 */
export const topicNames = {
  /** Requests of one connector method. */
  request: (prefix: string, method: MethodName): string => `${prefix}.request.${method}`,
  /** Replies to one gateway instance. */
  reply: (prefix: string, instanceId: string): string => `${prefix}.reply.${instanceId}`,
  /** Messages no adapter could process, with the reason. */
  deadLetters: (prefix: string): string => `${prefix}.dlq`,
  /** Adapter capabilities (compacted, keyed by adapter instance id). */
  adapters: (prefix: string): string => `${prefix}.adapters`,
};

/** Partitions and replication of the topics Southgate creates. */
export interface TopicLayout {
  readonly requestPartitions: number;
  readonly replyPartitions: number;
  readonly replicationFactor: number;
}

/** The request topic of every method, plus the dead-letter and capability topics. */
export function sharedTopics(
  prefix: string,
  methods: readonly MethodName[],
  layout: TopicLayout,
): ITopicConfig[] {
  return [
    ...methods.map((method) => ({
      topic: topicNames.request(prefix, method),
      numPartitions: layout.requestPartitions,
      replicationFactor: layout.replicationFactor,
    })),
    {
      topic: topicNames.deadLetters(prefix),
      numPartitions: 1,
      replicationFactor: layout.replicationFactor,
      configEntries: [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }],
    },
    {
      topic: topicNames.adapters(prefix),
      numPartitions: 1,
      replicationFactor: layout.replicationFactor,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
  ];
}

/**
 * Creates the topics that do not exist yet and waits until every partition of every one of them
 * has a leader. Safe
 * when several processes create the same topics at once (a topic another process just created
 * counts as created).
 */
export async function ensureTopics(
  admin: Admin,
  topics: ITopicConfig[],
  timeoutMs = 30_000,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    try {
      // kafkajs's own waitForLeaders gives up on errors a just-created topic briefly answers with.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
    } catch (err) {
      const errors = (err as { errors?: { type?: string }[] }).errors;
      if (!errors?.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) throw err;
    }
  }
  // Also for topics that exist: another instance may have created them a moment ago, and a
  // consumer that joins before their partitions have leaders rejoins its group until they do.
  await waitForLeaders(
    admin,
    topics.map((t) => t.topic),
    Date.now() + timeoutMs,
  );
}

async function waitForLeaders(admin: Admin, topics: string[], deadline: number): Promise<void> {
  for (;;) {
    let problem: unknown;
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.topics.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
      if (ready) return;
      problem = 'partitions without a leader';
    } catch (err) {
      problem = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Kafka topics did not get leaders in time (${String(problem)}): ${topics.slice(0, 5).join(', ')}…`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs a Kafka admin call again while the broker answers with a retriable error (a topic that
 * was just created briefly reports "not the leader"), until `deadline`.
 */
export async function retryRetriable<T>(call: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!(err as { retriable?: unknown }).retriable || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
