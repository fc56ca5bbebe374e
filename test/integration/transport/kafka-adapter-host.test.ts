import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import type { Adapter } from '../../../src/adapter/index.js';
import type { GetBankResponseV1 } from '../../../src/codec/generated/messages.js';
import { toOutboundCallContext } from '../../../src/connector/call-context.js';
import type { KafkaAdapterHost } from '../../../src/transport/kafka-adapter-host.js';
import { topicNames } from '../../../src/transport/kafka-topics.js';
import {
  testCallContext,
  testCatalog as catalog,
  testCodec as codec,
} from '../../helpers/in-process-connector.js';
import {
  deletePrefixTopics,
  startAdapterHost,
  uniquePrefix,
} from '../../helpers/kafka-connector.js';
import {
  createTopic,
  kafkaClient,
  KAFKA_START_TIMEOUT_MS,
  startKafka,
  waitForMessages,
} from '../../helpers/kafka.js';
import { until } from '../../helpers/until.js';

/** The memory adapter whose getBank calls are recorded, and held at `gate` while it is set. */
function watchedAdapter(): {
  adapter: Adapter;
  executed: string[];
  hold: { gate: Promise<void> | undefined };
} {
  const inner = createMemoryAdapter();
  const getBank = inner.handlers.getBank;
  const executed: string[] = [];
  const hold: { gate: Promise<void> | undefined } = { gate: undefined };
  const adapter: Adapter = {
    ...inner,
    handlers: {
      ...inner.handlers,
      getBank: async (args, ctx) => {
        executed.push(ctx.callContext.correlationId);
        if (hold.gate) await hold.gate;
        if (!getBank) throw new Error('memory adapter lost getBank');
        return getBank(args, ctx);
      },
    },
  };
  return { adapter, executed, hold };
}

/** A getBank request as a gateway sends it: the value and the wire headers. */
function getBankRequest(
  id: string,
  replyTopic: string | undefined,
): { value: Buffer; headers: IHeaders } {
  const value = codec.encode(catalog.entry('getBank', 1, 'request'), {
    outboundAdapterCallContext: toOutboundCallContext(testCallContext({ correlationId: id })),
    bankId: `bank.${id}`,
  });
  const headers: IHeaders = {
    'message-id': id,
    'correlation-id': id,
    method: 'getBank',
    'method-version': '1',
    deadline: String(Date.now() + 60_000),
  };
  if (replyTopic !== undefined) headers['reply-topic'] = replyTopic;
  return { value, headers };
}

async function produce(
  brokers: string[],
  topic: string,
  messages: Array<{ value: Buffer; headers: IHeaders }>,
): Promise<void> {
  const producer = kafkaClient(brokers).producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: messages.map((m) => ({ ...m, key: 'bank', partition: 0 })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `topic` from the start until `count` messages arrived, headers as kafkajs gives them. */
async function readRaw(brokers: string[], topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafkaClient(brokers).consumer({
    groupId: `southgate-test-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 20,
  });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message);
        return Promise.resolve();
      },
    });
    await until(`${count} messages on ${topic}`, () => received.length >= count);
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** How many messages `topic` holds (none deleted yet). */
async function messageCount(brokers: string[], topic: string): Promise<number> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The adapter group's committed offset of partition 0 of `topic` ('-1': none). */
async function committedOffset(brokers: string[], prefix: string, topic: string): Promise<string> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({
      groupId: `${prefix}.adapter.memory`,
      topics: [topic],
    });
    return offsets?.partitions.find((p) => p.partition === 0)?.offset ?? '-1';
  } finally {
    await admin.disconnect();
  }
}

/** A host for `adapter` that commits only on stop() (its interval is longer than any test). */
function startHost(
  brokers: string[],
  prefix: string,
  adapter: Adapter,
  options: { maxInFlight?: number; heartbeatMs?: number } = {},
): Promise<KafkaAdapterHost> {
  return startAdapterHost(brokers, prefix, adapter, {
    drainMs: 10_000,
    commitIntervalMs: 600_000,
    ...options,
  });
}

describe('KafkaAdapterHost (real broker)', function () {
  this.timeout(60_000);
  let brokers: string[];
  let prefix: string;
  let replyTopic: string;
  let requestTopic: string;

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
  });
  beforeEach(async () => {
    prefix = uniquePrefix();
    replyTopic = topicNames.reply(prefix, 'gw-test');
    requestTopic = topicNames.request(prefix, 'getBank');
    await createTopic(brokers, replyTopic);
  });
  afterEach(() => deletePrefixTopics(brokers, prefix));

  describe('messages it cannot answer', () => {
    let host: KafkaAdapterHost;
    const watched = watchedAdapter();
    beforeEach(async () => (host = await startHost(brokers, prefix, watched.adapter)));
    afterEach(() => host.stop());

    it('dead-letters a request without a reply topic, or with one outside the namespace, unexecuted', async () => {
      await produce(brokers, requestTopic, [
        getBankRequest('no-reply-topic', undefined),
        getBankRequest('foreign-reply-topic', topicNames.request(prefix, 'createCustomer')),
      ]);
      const dead = await waitForMessages(brokers, topicNames.deadLetters(prefix), 2);
      // Dead-lettered after handling would be too late: a write would have run.
      expect(watched.executed).to.deep.equal([]);
      const reasons = Object.fromEntries(
        dead.map((m) => [m.headers['message-id'] ?? '', m.headers['dlq-reason'] ?? '']),
      );
      expect(reasons['no-reply-topic']).to.equal('missing reply-topic');
      expect(reasons['foreign-reply-topic']).to.contain('is not a reply topic');
    });

    it('dead-letters with the original headers as they came: repeated, binary and empty', async () => {
      const binary = Buffer.from([0xff, 0x00, 0xfe]);
      await produce(brokers, requestTopic, [
        {
          value: Buffer.from('not avro'),
          headers: {
            ...getBankRequest('odd-headers', replyTopic).headers,
            'x-repeated': ['one', 'two'],
            'x-binary': binary,
            'x-empty': '',
          },
        },
      ]);
      const [letter] = await readRaw(brokers, topicNames.deadLetters(prefix), 1);
      const headers = letter?.headers ?? {};
      expect(headers['x-repeated']).to.deep.equal([Buffer.from('one'), Buffer.from('two')]);
      expect(headers['x-binary']).to.deep.equal(binary);
      expect(headers['x-empty']).to.deep.equal(Buffer.alloc(0));
      expect(headers['message-id']).to.deep.equal(Buffer.from('odd-headers'));
      expect(String(headers['dlq-reason'])).to.contain('bad-magic');
      expect(String(headers['dlq-source-topic'])).to.equal(requestTopic);
    });
  });

  describe('when the dead-letter queue cannot be written', () => {
    /**
     * Deletes the dead-letter topic, sends an undecodable request "poison" and waits for its
     * error reply: the dead letter is then what is left to write.
     */
    async function poisonWithoutDeadLetterTopic(): Promise<void> {
      const admin = kafkaClient(brokers).admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: [topicNames.deadLetters(prefix)], timeout: 30_000 });
        await until('the dead-letter topic is gone', async () => {
          const topics = await admin.listTopics();
          return !topics.includes(topicNames.deadLetters(prefix));
        });
      } finally {
        await admin.disconnect();
      }
      await produce(brokers, requestTopic, [
        { value: Buffer.from('not avro'), headers: getBankRequest('poison', replyTopic).headers },
      ]);
      const replies = await waitForMessages(brokers, replyTopic, 1, 30_000);
      const reply = replies.find((m) => m.headers['in-reply-to'] === 'poison');
      const decoded = codec.decode<GetBankResponseV1>(reply?.value ?? Buffer.alloc(0)).value;
      expect(decoded.status.errorCode).to.equal('OBP-60013');
    }

    it('still sends the error reply, and writes the dead letter once the queue is back', async () => {
      const host = await startHost(brokers, prefix, createMemoryAdapter());
      try {
        await poisonWithoutDeadLetterTopic();
        await createTopic(brokers, topicNames.deadLetters(prefix));
        const dead = await waitForMessages(brokers, topicNames.deadLetters(prefix), 1, 40_000);
        expect(dead.map((m) => m.headers['message-id'])).to.deep.equal(['poison']);
      } finally {
        await host.stop();
      }
      expect(await committedOffset(brokers, prefix, requestTopic)).to.equal('1');
    });

    it('leaves the message uncommitted when it stops before the dead letter is written', async () => {
      const host = await startHost(brokers, prefix, createMemoryAdapter());
      try {
        await poisonWithoutDeadLetterTopic();
      } finally {
        await host.stop();
      }
      expect(await committedOffset(brokers, prefix, requestTopic)).to.equal('-1');
      // The next instance of the adapter gets it again, and now the queue can be written.
      await createTopic(brokers, topicNames.deadLetters(prefix));
      const next = await startHost(brokers, prefix, createMemoryAdapter());
      try {
        const dead = await waitForMessages(brokers, topicNames.deadLetters(prefix), 1, 30_000);
        expect(dead.map((m) => m.headers['message-id'])).to.deep.equal(['poison']);
      } finally {
        await next.stop();
      }
    });
  });

  /**
   * A host at its bound (one message in hand), holding the first of `ids` in its handler until
   * `release()`; the others wait for room.
   */
  async function heldAtBound(ids: string[]) {
    const watched = watchedAdapter();
    let release: () => void = () => undefined;
    watched.hold.gate = new Promise<void>((resolve) => {
      release = () => {
        watched.hold.gate = undefined;
        resolve();
      };
    });
    const host = await startHost(brokers, prefix, watched.adapter, { maxInFlight: 1 });
    await produce(
      brokers,
      requestTopic,
      ids.map((id) => getBankRequest(id, replyTopic)),
    );
    await until('the first request runs', () => watched.executed.length === 1);
    return { host, executed: watched.executed, release };
  }

  describe('at its in-flight bound', () => {
    it('stays in its group while every handler hangs longer than the session timeout', async () => {
      const { host, executed, release } = await heldAtBound(['first', 'second']);
      try {
        // The second waits for room; the session timeout (6 s) passes meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 8_000));
        release();
        await until('both are answered', () => host.stats.replied === 2, 30_000);
        // Evicted, it would have crashed at its next heartbeat, rejoined and run the first again.
        expect(host.stats.consumerCrashes).to.equal(0);
        expect(executed).to.deep.equal(['first', 'second']);
      } finally {
        await host.stop();
      }
    });
  });

  describe('stop()', () => {
    it('starts nothing more at its in-flight bound, answers what it started and commits it', async () => {
      const { host, executed, release } = await heldAtBound(['first', 'second', 'third']);
      const stopped = host.stop();
      release();
      await stopped;
      expect(executed).to.deep.equal(['first']);
      expect(host.stats).to.include({ replied: 1, undeliverable: 0 });
      // The first is committed by stop() itself; the others are left for the next instance.
      expect(await committedOffset(brokers, prefix, requestTopic)).to.equal('1');
    });

    it('publishes its tombstone after any heartbeat', async () => {
      const host = await startHost(brokers, prefix, createMemoryAdapter(), { heartbeatMs: 5 });
      // Enough heartbeats that one is being sent at any moment.
      const adapters = topicNames.adapters(prefix);
      await waitForMessages(brokers, adapters, 20);
      await host.stop();
      const records = (
        await readRaw(brokers, adapters, await messageCount(brokers, adapters))
      ).filter((m) => m.key?.toString() === host.instanceId);
      expect(records[records.length - 1]?.value).to.equal(null);
    });
  });
});
