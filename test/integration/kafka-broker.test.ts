import { expect } from 'chai';
import { Partitioners } from 'kafkajs';
import {
  createTopic,
  KAFKA_START_TIMEOUT_MS,
  kafkaClient,
  startKafka,
  uniqueTopic,
  waitForMessages,
  type KafkaBroker,
} from '../helpers/kafka.js';

describe('Kafka test broker (integration)', function () {
  let kafka: KafkaBroker | undefined;

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    kafka = await startKafka();
  });

  const created: string[] = [];
  after(async () => {
    if (kafka && created.length > 0) {
      // A shared broker (CI's, a developer's) keeps no topic of this run.
      const admin = kafkaClient(kafka.brokers).admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: created });
      } finally {
        await admin.disconnect();
      }
    }
    await kafka?.stop();
  });

  function brokers(): string[] {
    if (!kafka) throw new Error('the Kafka broker did not start');
    return kafka.brokers;
  }

  it('is a cluster of one broker', async () => {
    const admin = kafkaClient(brokers()).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).to.have.length(1);
      expect(cluster.controller).to.be.a('number');
      expect(cluster.clusterId).to.be.a('string').and.not.be.empty;
    } finally {
      await admin.disconnect();
    }
  });

  it('creates a topic with 3 partitions and round-trips 100 keyed messages', async function () {
    this.timeout(60_000);
    const topic = uniqueTopic('broker-test');
    expect(await createTopic(brokers(), topic, 3)).to.equal(true);
    created.push(topic);

    const admin = kafkaClient(brokers()).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]?.partitions).to.have.length(3);
    } finally {
      await admin.disconnect();
    }

    const sent = Array.from({ length: 100 }, (_, i) => ({
      key: `bank-${i % 7}:customer-${i % 13}`,
      value: `message ${i}`,
      headers: { 'message-id': `m-${i}` },
    }));
    const producer = kafkaClient(brokers()).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs retries a broker's whole produce request when one partition of it fails (a new
      // topic's partition not ready yet on a busy broker): the partitions already written would
      // be written twice. The idempotent producer has the broker drop those repeats.
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      await producer.send({ topic, messages: sent, acks: -1 });
    } finally {
      await producer.disconnect();
    }

    const received = await waitForMessages(brokers(), topic, sent.length, 30_000);

    expect(received).to.have.length(sent.length);
    const byValue = new Map(received.map((m) => [m.value?.toString() ?? '', m]));
    expect(byValue.size).to.equal(sent.length);
    for (const message of sent) {
      const got = byValue.get(message.value);
      expect(got, message.value).to.not.equal(undefined);
      expect(got?.topic).to.equal(topic);
      expect(got?.key?.toString()).to.equal(message.key);
      expect(got?.headers['message-id']).to.equal(message.headers['message-id']);
    }
    // One key, one partition, in the order sent.
    const partitionsByKey = new Map<string, Set<number>>();
    for (const m of received) {
      const key = m.key?.toString() ?? '';
      partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(m.partition));
    }
    for (const [key, partitions] of partitionsByKey) expect(partitions.size, key).to.equal(1);
    const usedPartitions = new Set(received.map((m) => m.partition));
    expect(usedPartitions.size).to.be.greaterThan(1);
    for (const key of partitionsByKey.keys()) {
      const order = received
        .filter((m) => m.key?.toString() === key)
        .map((m) => Number(m.value?.toString().split(' ')[1]));
      expect(order).to.deep.equal([...order].sort((a, b) => a - b));
    }
  });
});
