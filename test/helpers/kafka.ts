/**
 * A real Apache Kafka broker for the tests, and small kafkajs helpers around it.
 *
 * `startKafka()` finds a broker, in this order (docs: DESIGN.md, "Real parts"):
 *   1. `KAFKA_BROKERS` (comma-separated host:port list), if set: used as is, never stopped;
 *   2. a Docker engine, if one answers: a KRaft `@testcontainers/kafka` container;
 *   3. otherwise `scripts/kafka/start.sh`, the Maven-jar broker on 127.0.0.1 (Java 17+). It is
 *      shared by every test run and left running for the next one (`npm run kafka:stop` stops it).
 * It is memoized: a whole mocha run starts at most one broker. When none can be had it throws,
 * saying how to provide one; the tests never skip.
 *
 * Call it from a `before` hook with `this.timeout(KAFKA_START_TIMEOUT_MS)`: the first start may
 * fetch the jars from Maven Central (or pull an image).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import type { StartedKafkaContainer } from '@testcontainers/kafka';
import { until } from './until.js';

export interface KafkaBroker {
  /** Bootstrap addresses, `host:port`. */
  brokers: string[];
  /** Releases this handle. Stops only a broker this helper started (a test container). */
  stop(): Promise<void>;
}

/** A message read back by `waitForMessages`. Headers are decoded as UTF-8 (the last value wins). */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

/** Enough for a cold start: jars fetched from Maven Central, or an image pulled. */
export const KAFKA_START_TIMEOUT_MS = 300_000;

/** The Docker image for the testcontainers path: Confluent Platform 8.1 is Apache Kafka 4.1. */
const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.1.0';
/** The port the testcontainers Kafka module exposes to the host. */
const CONTAINER_KAFKA_PORT = 9093;
/** A released test container is stopped this long after its last holder let go, unless reused. */
const CONTAINER_LINGER_MS = 5_000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const startScript = path.join(repoRoot, 'scripts', 'kafka', 'start.sh');

const howToProvide =
  'Provide a broker: set KAFKA_BROKERS=host:port[,host:port] to use a running one, or run ' +
  '`npm run kafka:start` (Apache Kafka from Maven Central jars; needs Java 17+ and Maven), or ' +
  'make a Docker engine available to testcontainers.';

interface SharedBroker {
  brokers: string[];
  /** Called when no handle holds the broker any more. */
  idle(): void;
  /** Called when a handle takes the broker again. */
  busy(): void;
}

let shared: Promise<SharedBroker> | undefined;
let holders = 0;

/** A real Kafka broker; see the module comment. */
export async function startKafka(): Promise<KafkaBroker> {
  shared ??= provision();
  const broker = await shared;
  holders += 1;
  broker.busy();
  let released = false;
  return {
    brokers: [...broker.brokers],
    stop: () => {
      if (!released) {
        released = true;
        holders -= 1;
        if (holders === 0) broker.idle();
      }
      return Promise.resolve();
    },
  };
}

async function provision(): Promise<SharedBroker> {
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) {
    const brokers = fromEnv
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0);
    await checkReachable(brokers);
    return unowned(brokers);
  }
  if (await dockerAnswers()) return startContainer();
  return unowned(await runStartScript());
}

/** A broker this helper did not start (or must leave running): never stopped. */
function unowned(brokers: string[]): SharedBroker {
  return { brokers, idle: () => undefined, busy: () => undefined };
}

async function checkReachable(brokers: string[]): Promise<void> {
  const admin = kafkaClient(brokers, 'southgate-test-probe', { retries: 2 }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (err) {
    throw new Error(
      `KAFKA_BROKERS=${brokers.join(',')} does not answer (${message(err)}). ${howToProvide}`,
      { cause: err },
    );
  } finally {
    await admin.disconnect();
  }
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withTimeout(getContainerRuntimeClient(), 10_000, 'container runtime detection');
    return true;
  } catch {
    return false;
  }
}

async function startContainer(): Promise<SharedBroker> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  let container: StartedKafkaContainer;
  try {
    container = await new KafkaContainer(KAFKA_IMAGE)
      .withKraft()
      .withEnvironment({
        // The same topic rules as scripts/kafka/start.sh.
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_NUM_PARTITIONS: '4',
      })
      .start();
  } catch (err) {
    throw new Error(`Could not start a Kafka test container (${message(err)}). ${howToProvide}`, {
      cause: err,
    });
  }
  const brokers = [`${container.getHost()}:${container.getMappedPort(CONTAINER_KAFKA_PORT)}`];
  let linger: NodeJS.Timeout | undefined;
  const self = shared;
  return {
    brokers,
    busy: () => {
      clearTimeout(linger);
      linger = undefined;
    },
    // Test files release and retake the broker in turn: stop it only if nobody takes it back
    // soon. If the process exits first, testcontainers' reaper removes the container.
    idle: () => {
      linger = setTimeout(() => {
        if (shared === self) shared = undefined;
        void container.stop().catch(() => undefined);
      }, CONTAINER_LINGER_MS);
      linger.unref();
    },
  };
}

/** Runs scripts/kafka/start.sh (idempotent) and returns the address it prints last. */
function runStartScript(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [startScript],
      { cwd: repoRoot, timeout: KAFKA_START_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const address = stdout.trim().split('\n').pop()?.trim() ?? '';
        if (err || !/^[\w.-]+:\d+$/.test(address)) {
          const output = `${stderr}${stdout}`.trim().split('\n').slice(-30).join('\n');
          reject(
            new Error(
              `No Kafka broker: KAFKA_BROKERS is not set, no Docker engine answers, and ` +
                `scripts/kafka/start.sh failed${err ? ` (${err.message.split('\n')[0]})` : ''}:\n` +
                `${output}\n${howToProvide}`,
              { cause: err },
            ),
          );
          return;
        }
        resolve([address]);
      },
    );
  });
}

/**
 * A kafkajs client for the tests, quick to give up on a dead broker. Silent: kafkajs logs even
 * the retriable errors it recovers from; set KAFKAJS_LOG_LEVEL=debug (or info, warn, error) to
 * see its logs.
 */
export function kafkaClient(
  brokers: string[],
  clientId = 'southgate-test',
  options: { retries?: number } = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: options.retries ?? 5, initialRetryTime: 100 },
  });
}

/** A topic name no other test (or earlier run on the shared broker) has used. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
}

/**
 * Creates `topic` with `partitions` partitions (one replica) and waits for its leaders.
 * Returns false if it already existed.
 */
export async function createTopic(
  brokers: string[],
  topic: string,
  partitions = 1,
): Promise<boolean> {
  const admin = kafkaClient(brokers).admin();
  try {
    await admin.connect();
    // kafkajs's own waitForLeaders gives up on the "does not host this topic-partition" a
    // just-created topic briefly answers with; ask for the metadata until every leader is known.
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: false,
    });
    await until(`${topic} has its leaders`, async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      const found = metadata?.topics[0]?.partitions ?? [];
      return found.length === partitions && found.every((p) => p.leader >= 0);
    });
    return created;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topic` from the beginning, in a new consumer group, until at least `count` messages
 * have arrived, and returns all it read (more than `count` if more were there). Rejects after
 * `timeoutMs` with how many arrived.
 */
export async function waitForMessages(
  brokers: string[],
  topic: string,
  count: number,
  timeoutMs = 10_000,
): Promise<ConsumedMessage[]> {
  const groupId = `southgate-test-${randomBytes(6).toString('hex')}`;
  const consumer: Consumer = kafkaClient(brokers).consumer({ groupId, maxWaitTimeInMs: 20 });
  const received: ConsumedMessage[] = [];
  let reached: () => void = () => undefined;
  let crashed: (err: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    reached = resolve;
    crashed = reject;
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) crashed(event.payload.error);
  });
  try {
    const consume = async (): Promise<void> => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ topic: from, partition, message }) => {
          received.push({
            topic: from,
            partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: decodeHeaders(message.headers),
            timestamp: message.timestamp,
          });
          if (received.length >= count) reached();
          return Promise.resolve();
        },
      });
      if (count <= 0) reached();
      await done;
    };
    await withTimeout(
      consume(),
      timeoutMs,
      () => `${count} messages on ${topic} (got ${received.length})`,
    );
  } finally {
    await consumer.disconnect();
    // The group is this call's alone: leave none behind on a shared broker (best effort).
    const admin = kafkaClient(brokers).admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }
  return [...received];
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (last !== undefined) decoded[name] = last.toString();
  }
  return decoded;
}

async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string | (() => string),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const label = typeof what === 'string' ? what : what();
      reject(new Error(`Timed out after ${ms} ms waiting for ${label}`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
