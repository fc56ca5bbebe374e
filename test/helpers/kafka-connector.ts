import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Adapter } from '../../src/adapter/index.js';
import { AdapterRuntime } from '../../src/adapter/adapter-runtime.js';
import { Connector } from '../../src/connector/connector.js';
import {
  KafkaAdapterHost,
  type KafkaAdapterHostOptions,
} from '../../src/transport/kafka-adapter-host.js';
import type { TopicLayout } from '../../src/transport/kafka-topics.js';
import { KafkaTransport } from '../../src/transport/kafka-transport.js';
import {
  testCatalog as catalog,
  testCodec as codec,
  testLogger as logger,
} from './in-process-connector.js';
import { kafkaClient, startKafka } from './kafka.js';

const bin = fileURLToPath(new URL('../../bin/southgate.js', import.meta.url));

/** Small topics: tests create many prefixes on one broker. */
export const testLayout: TopicLayout = {
  requestPartitions: 2,
  replyPartitions: 2,
  replicationFactor: 1,
};

/** A connector over the real broker, its transport, and whatever serves the adapter side. */
export interface KafkaConnector {
  readonly connector: Connector;
  readonly transport: KafkaTransport;
  readonly brokers: string[];
  readonly prefix: string;
  close(): Promise<void>;
}

/** Prefixes this test process created topics under and has not deleted yet. */
const livePrefixes = new Set<string>();

/**
 * A fresh topic prefix, so each connector has its own request, reply and capability topics.
 * Delete its topics when done (`deletePrefixTopics`); a root hook deletes any left at the end.
 */
export function uniquePrefix(): string {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  livePrefixes.add(prefix);
  return prefix;
}

/**
 * Deletes every topic under `prefix`: tests create dozens of topics per prefix, and a shared
 * development broker must not collect them run after run.
 */
export async function deletePrefixTopics(brokers: string[], prefix: string): Promise<void> {
  livePrefixes.delete(prefix);
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    // Its consumer groups too, so a long-lived broker does not collect them run after run; a
    // group with a member still leaving is refused and stays (nothing depends on its removal).
    const { groups } = await admin.listGroups();
    const groupIds = groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`));
    if (groupIds.length > 0) await admin.deleteGroups(groupIds).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the topics of every prefix not deleted yet (the root hook's safety net). */
export async function deleteLeftoverTopics(brokers: string[]): Promise<void> {
  for (const prefix of [...livePrefixes]) await deletePrefixTopics(brokers, prefix);
}

/** Whether this process still has topics to delete. */
export function hasLeftoverTopics(): boolean {
  return livePrefixes.size > 0;
}

/**
 * Starts `southgate adapter <name>` as its own process on `prefix`; resolves once it reports
 * ready (consuming and capabilities published).
 */
export function spawnAdapter(
  name: string,
  brokers: string[],
  prefix: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'adapter', name], {
    env: {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_REQUEST_PARTITIONS: String(testLayout.requestPartitions),
      KAFKA_REPLY_PARTITIONS: String(testLayout.replyPartitions),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`adapter ${name} did not become ready:\n${out.slice(-3000)}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`adapter ${name} exited with ${code}:\n${out.slice(-3000)}`));
    });
    const poll = setInterval(() => {
      if (!out.includes('"Southgate adapter ready"')) return;
      clearInterval(poll);
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(child);
    }, 50);
  });
}

/** SIGTERM, and resolves with the exit code once the process is gone. */
export function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** A gateway-side Kafka transport on `prefix`, started. */
export async function startKafkaTransport(
  brokers: string[],
  prefix: string,
  instanceId = `gw-${randomBytes(4).toString('hex')}`,
  layout: TopicLayout = testLayout,
): Promise<KafkaTransport> {
  const transport = new KafkaTransport({
    brokers,
    prefix,
    instanceId,
    layout,
    catalog,
    codec,
    logger,
  });
  await transport.start();
  return transport;
}

/**
 * Serves `adapter` on `prefix` from this process, over the real broker, once started; `options`
 * add to the test defaults (the test layout, catalog, codec and logger).
 */
export async function startAdapterHost(
  brokers: string[],
  prefix: string,
  adapter: Adapter,
  options: Partial<KafkaAdapterHostOptions> = {},
): Promise<KafkaAdapterHost> {
  const host = new KafkaAdapterHost(new AdapterRuntime(adapter, { catalog, codec, logger }), {
    brokers,
    prefix,
    layout: testLayout,
    catalog,
    codec,
    logger,
    ...options,
  });
  await host.start();
  return host;
}

/**
 * A connector over `transport` with the usual test deadlines; with `linkedCustomersTtlMs` it
 * fills users' linked customers as the gateway does.
 */
export function kafkaConnector(
  transport: KafkaTransport,
  timeouts = { read: 10_000, write: 15_000 },
  linkedCustomersTtlMs?: number,
): Connector {
  return new Connector(transport, { catalog, codec, logger, timeouts, linkedCustomersTtlMs });
}

/**
 * A connector over the real broker. With `adapter`, that adapter is served over Kafka from this
 * process (for tests that need to observe it); without, the memory adapter runs as its own
 * process (`southgate adapter memory`), as in production.
 */
export async function startKafkaConnector(
  options: {
    adapter?: Adapter;
    /** The gateway instance's id (default: a random one). */
    instanceId?: string;
    /** Partitions and replication of the topics (default: {@link testLayout}). */
    layout?: TopicLayout;
    /** Partitions of the gateway's reply topic (default: the layout's). */
    replyPartitions?: number;
    /** Fill users' linked customers, as the gateway does (default: sent empty). */
    linkedCustomersTtlMs?: number;
    /** The in-process adapter host's bound on messages in hand (default: the host's). */
    maxInFlight?: number;
  } = {},
): Promise<KafkaConnector> {
  const { brokers } = await startKafka();
  const prefix = uniquePrefix();
  const layout = options.layout ?? testLayout;
  let stopAdapter: () => Promise<unknown>;
  if (options.adapter) {
    const host = await startAdapterHost(brokers, prefix, options.adapter, {
      drainMs: 2_000,
      ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    });
    stopAdapter = () => host.stop();
  } else {
    const child = await spawnAdapter('memory', brokers, prefix, {
      KAFKA_REQUEST_PARTITIONS: String(layout.requestPartitions),
      KAFKA_REPLY_PARTITIONS: String(layout.replyPartitions),
    });
    stopAdapter = () => stopProcess(child);
  }
  const transport = await startKafkaTransport(brokers, prefix, options.instanceId, {
    ...layout,
    replyPartitions: options.replyPartitions ?? layout.replyPartitions,
  });
  return {
    connector: kafkaConnector(transport, undefined, options.linkedCustomersTtlMs),
    transport,
    brokers,
    prefix,
    async close() {
      await transport.stop();
      await stopAdapter();
      await deletePrefixTopics(brokers, prefix);
    },
  };
}
