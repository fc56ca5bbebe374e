import { expect } from 'chai';
import type { Consumer } from 'kafkajs';
import { runKeptRunning } from '../../../src/transport/kafka-client.js';
import { capturingLogger } from '../../helpers/capturing-logger.js';
import {
  createTopic,
  KAFKA_START_TIMEOUT_MS,
  kafkaClient,
  startKafka,
  uniqueTopic,
  type KafkaBroker,
} from '../../helpers/kafka.js';
import { until } from '../../helpers/until.js';

/** Never reset within a test: each restart crashes well before a minute has passed. */
const backoff = { initialMs: 100, maxMs: 60_000 };

describe('runKeptRunning: a consumer kafkajs gave up on runs again (real broker)', function () {
  this.timeout(60_000);
  let kafka: KafkaBroker | undefined;
  const topics: string[] = [];
  const groups: string[] = [];
  const consumers: Consumer[] = [];

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    kafka = await startKafka();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  after(async () => {
    if (kafka) {
      const admin = kafkaClient(kafka.brokers).admin();
      await admin.connect();
      try {
        if (topics.length > 0) await admin.deleteTopics({ topics });
        if (groups.length > 0) await admin.deleteGroups(groups);
      } finally {
        await admin.disconnect();
      }
    }
    await kafka?.stop();
  });

  /** A topic holding `values`, and a consumer of it in a new group (not yet run). */
  async function consumerOf(values: string[]): Promise<Consumer> {
    if (!kafka) throw new Error('the Kafka broker did not start');
    const topic = uniqueTopic('consumer-restart');
    await createTopic(kafka.brokers, topic);
    topics.push(topic);
    const producer = kafkaClient(kafka.brokers).producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
    await producer.disconnect();
    const groupId = `${topic}.group`;
    groups.push(groupId);
    const consumer = kafkaClient(kafka.brokers).consumer({
      groupId,
      maxWaitTimeInMs: 50,
      // A handler error then ends in kafkajs giving up on the consumer, as a non-retriable
      // error (GroupCoordinatorNotFound during a broker restart, say) does.
      retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) },
    });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return consumer;
  }

  it('logs the crash as an error, runs the consumer again, and the message is read again', async () => {
    const consumer = await consumerOf(['first', 'second']);
    const lines: Record<string, unknown>[] = [];
    const seen: string[] = [];
    let failures = 1;
    await runKeptRunning(
      consumer,
      {
        eachMessage: async ({ message }) => {
          const value = message.value?.toString() ?? '';
          seen.push(value);
          if (value === 'second' && failures-- > 0) throw new Error('handler bug');
          return Promise.resolve();
        },
      },
      { log: capturingLogger(lines), name: 'test', stopping: () => false, backoff },
    );
    await until('the message again', () => seen.filter((v) => v === 'second').length === 2);
    // Whether 'first' comes again depends on kafkajs having committed it before the crash.
    expect(seen.slice(0, 2)).to.deep.equal(['first', 'second']);
    expect(seen[seen.length - 1]).to.equal('second');
    const crash = lines.find(
      (l) => l.message === 'kafka consumer crashed and kafkajs gave up on it; running it again',
    );
    expect(crash, JSON.stringify(lines)).to.include({
      level: 'error',
      consumer: 'test',
      restart: false,
      inMs: backoff.initialMs,
    });
    expect(String(crash?.error)).to.contain('handler bug');
    expect(lines.map((l) => l.message)).to.include('kafka consumer running again');
  });

  it('keeps trying with a growing backoff while the consumer keeps crashing, counting each crash', async () => {
    const consumer = await consumerOf(['poison']);
    const lines: Record<string, unknown>[] = [];
    let deliveries = 0;
    let crashes = 0;
    await runKeptRunning(
      consumer,
      {
        eachMessage: async () => {
          deliveries++;
          if (deliveries <= 3) throw new Error('still failing');
          return Promise.resolve();
        },
      },
      {
        log: capturingLogger(lines),
        name: 'test',
        stopping: () => false,
        backoff,
        onCrash: () => crashes++,
      },
    );
    await until('the fourth delivery', () => deliveries === 4);
    expect(crashes).to.equal(3);
    const delays = lines.filter((l) => l.level === 'error').map((l) => l.inMs);
    // Doubling: each crash comes well within a minute (backoff.maxMs) of the restart before.
    expect(delays).to.deep.equal([100, 200, 400]);
  });

  it('runs nothing again once its owner is stopping', async () => {
    const consumer = await consumerOf(['only']);
    const lines: Record<string, unknown>[] = [];
    let stopping = false;
    let deliveries = 0;
    await runKeptRunning(
      consumer,
      {
        eachMessage: () => {
          deliveries++;
          stopping = true;
          return Promise.reject(new Error('failed while shutting down'));
        },
      },
      { log: capturingLogger(lines), name: 'test', stopping: () => stopping, backoff },
    );
    await until('the crash', () =>
      lines.some((l) => l.message === 'kafka consumer crashed while stopping'),
    );
    // Ten times the first backoff: a restart, had one been scheduled, would have redelivered.
    await new Promise((resolve) => setTimeout(resolve, 10 * backoff.initialMs));
    expect(deliveries).to.equal(1);
    expect(lines.map((l) => l.message)).not.to.include('kafka consumer running again');
  });
});
