import { expect } from 'chai';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import { AdapterRuntime } from '../../../src/adapter/adapter-runtime.js';
import type { Adapter } from '../../../src/adapter/index.js';
import type {
  AdapterCapabilitiesRecordV1,
  GetBankResponseV1,
} from '../../../src/codec/generated/messages.js';
import { Connector } from '../../../src/connector/connector.js';
import type { Transport } from '../../../src/connector/transport.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import { KafkaAdapterHost } from '../../../src/transport/kafka-adapter-host.js';
import { topicNames } from '../../../src/transport/kafka-topics.js';
import { KafkaTransport } from '../../../src/transport/kafka-transport.js';
import {
  testCallContext,
  testCatalog as catalog,
  testCodec as codec,
  testLogger as logger,
} from '../../helpers/in-process-connector.js';
import {
  deletePrefixTopics,
  kafkaConnector,
  startAdapterHost,
  startKafkaTransport,
  testLayout,
  uniquePrefix,
} from '../../helpers/kafka-connector.js';
import {
  createTopic,
  kafkaClient,
  KAFKA_START_TIMEOUT_MS,
  startKafka,
  waitForMessages,
  type ConsumedMessage,
} from '../../helpers/kafka.js';
import { until } from '../../helpers/until.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads `topic` until a message matching `match` has arrived. */
async function waitForMatch(
  brokers: string[],
  topic: string,
  match: (m: ConsumedMessage) => boolean,
): Promise<ConsumedMessage> {
  let seen = 1;
  for (let attempt = 0; attempt < 20; attempt++) {
    const messages = await waitForMessages(brokers, topic, seen);
    const found = messages.find(match);
    if (found) return found;
    seen = messages.length + 1;
  }
  throw new Error(`no matching message on ${topic}`);
}

async function expectObpError(
  promise: Promise<unknown>,
  code: string,
  status: number,
): Promise<ObpError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(ObpError);
    expect((err as ObpError).code).to.equal(code);
    expect((err as ObpError).httpStatus).to.equal(status);
    return err as ObpError;
  }
  expect.fail(`expected ${code}`);
}

/** The memory adapter with getBank slowed down by `delayMs`. */
function slowGetBank(delayMs: number): Adapter {
  const inner = createMemoryAdapter();
  const getBank = inner.handlers.getBank;
  return {
    ...inner,
    handlers: {
      ...inner.handlers,
      getBank: async (args, ctx) => {
        await sleep(delayMs);
        if (!getBank) throw new Error('memory adapter lost getBank');
        return getBank(args, ctx);
      },
    },
  };
}

describe('KafkaTransport and KafkaAdapterHost (real broker)', function () {
  let brokers: string[];
  let prefix: string;
  let host: KafkaAdapterHost;
  let transport: KafkaTransport;

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
    prefix = uniquePrefix();
    host = await startAdapterHost(brokers, prefix, slowGetBank(1_500), {
      heartbeatMs: 500,
      drainMs: 3_000,
    });
    transport = await startKafkaTransport(brokers, prefix);
  });
  after(async () => {
    await transport.stop();
    await host.stop();
  });

  it('owns every reply partition and sees the live adapter once started', () => {
    expect(transport.status()).to.include({
      connected: true,
      ownsReplyPartitions: true,
      liveAdapters: 1,
    });
    expect(transport.implements('getCustomerByCustomerId', 1)).to.equal(true);
  });

  it('sends requests with the wire headers, key and single-object encoding of the contract', async () => {
    const connector = kafkaConnector(transport);
    const ctx = testCallContext({
      correlationId: 'wire-contract-check',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      routing: { bankId: 'gh.29.uk', customerId: 'cust-123' },
    });
    const before = Date.now();
    await expectObpError(
      connector.call('getCustomerByCustomerId', { customerId: 'cust-123' }, ctx),
      'OBP-30046',
      404,
    );
    const requests = await waitForMessages(
      brokers,
      topicNames.request(prefix, 'getCustomerByCustomerId'),
      1,
    );
    const request = requests.find((m) => m.headers['correlation-id'] === 'wire-contract-check');
    expect(request, 'request on the topic').to.not.equal(undefined);
    const headers = request?.headers ?? {};
    expect(headers['message-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(headers).to.include({
      method: 'getCustomerByCustomerId',
      'method-version': '1',
      'reply-topic': transport.replyTopic,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(Number(headers.deadline)).to.be.within(before + 9_000, Date.now() + 10_000);
    expect(request?.key?.toString()).to.equal('gh.29.uk:cust-123');
    const value = request?.value ?? Buffer.alloc(0);
    expect(value.subarray(0, 2).toString('hex')).to.equal('c301');
    expect(value.subarray(2, 10).toString('hex')).to.equal(
      catalog.entry('getCustomerByCustomerId', 1, 'request').fingerprint,
    );
    const decoded = codec.decode<{ customerId: string }>(value);
    expect(decoded.value.customerId).to.equal('cust-123');

    const reply = await waitForMatch(
      brokers,
      transport.replyTopic,
      (m) => m.headers['in-reply-to'] === headers['message-id'],
    );
    expect(reply?.headers['correlation-id']).to.equal('wire-contract-check');
    expect(reply?.headers['message-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(reply?.headers['message-id']).to.not.equal(headers['message-id']);
  });

  it('answers 504 OBP-60014 at the deadline and drops the late reply quietly', async () => {
    const connector = kafkaConnector(transport, { read: 300, write: 300 });
    const started = Date.now();
    const err = await expectObpError(
      connector.call(
        'getBank',
        { bankId: 'gh.29.uk' },
        testCallContext({ correlationId: 'slow-one' }),
      ),
      'OBP-60014',
      504,
    );
    expect(Date.now() - started).to.be.below(1_200);
    expect(err.context.correlationId).to.equal('slow-one');
    const late = transport.stats.lateReplies;
    await until(
      'the late reply is counted',
      () => transport.stats.lateReplies === late + 1,
      15_000,
    );
  });

  it('counts a second reply to an answered request as a duplicate and a reply to nothing it sent as unmatched', async () => {
    const connector = kafkaConnector(transport);
    await expectObpError(
      connector.call(
        'getCustomerByCustomerId',
        { customerId: 'answered-twice' },
        testCallContext({ correlationId: 'answered-twice' }),
      ),
      'OBP-30046',
      404,
    );
    const reply = await waitForMatch(
      brokers,
      transport.replyTopic,
      (m) => m.headers['correlation-id'] === 'answered-twice',
    );
    const { duplicateReplies, unmatchedReplies, lateReplies } = transport.stats;
    const producer = kafkaClient(brokers).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: transport.replyTopic,
        messages: [
          { value: reply.value, headers: reply.headers },
          {
            value: reply.value,
            headers: { ...reply.headers, 'in-reply-to': 'never-sent-by-this-gateway' },
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    await until(
      'both replies are counted',
      () =>
        transport.stats.duplicateReplies === duplicateReplies + 1 &&
        transport.stats.unmatchedReplies === unmatchedReplies + 1,
      15_000,
    );
    expect(transport.stats.lateReplies).to.equal(lateReplies);
  });

  it('answers 501 OBP-60015 at once for a method no live adapter implements, without sending it', async () => {
    const lonely = await startKafkaTransport(brokers, uniquePrefix());
    try {
      const started = Date.now();
      await expectObpError(
        kafkaConnector(lonely).call('getBanks', {}, testCallContext()),
        'OBP-60015',
        501,
      );
      expect(Date.now() - started).to.be.below(200);
      expect(lonely.stats.sent).to.equal(0);
    } finally {
      await lonely.stop();
    }
  });

  it('stops trusting its capabilities, not answering 501, when another member takes their partition', async () => {
    const instanceId = 'gw-intruded';
    const own = await startKafkaTransport(brokers, prefix, instanceId);
    // A second member of its capability group (a process with the same INSTANCE_ID): kafkajs's
    // round-robin assigner gives the one partition to the lowest member id, this one's.
    const intruder = kafkaClient(brokers, 'aaa-intruder').consumer({
      groupId: `${prefix}.gateway.${instanceId}.capabilities`,
    });
    const topic = topicNames.adapters(prefix);
    let intruderPartitions = 0;
    intruder.on(intruder.events.GROUP_JOIN, ({ payload }) => {
      intruderPartitions = (payload.memberAssignment[topic] ?? []).length;
    });
    try {
      await intruder.connect();
      await intruder.subscribe({ topic, fromBeginning: true });
      await intruder.run({ eachMessage: () => Promise.resolve() });
      await until('the intruder reads the capability topic', () => intruderPartitions === 1);
      // Longer than the adapter's last record read stays live (3 heartbeats of 500 ms).
      await sleep(2_500);
      // The adapter is live and answers: not found, not "no adapter implements it".
      await expectObpError(
        kafkaConnector(own).call(
          'getCustomerByCustomerId',
          { customerId: 'nobody' },
          testCallContext(),
        ),
        'OBP-30046',
        404,
      );
    } finally {
      await intruder.disconnect();
      await own.stop();
    }
  });

  it('publishes capabilities and withdraws them with a tombstone on stop', async () => {
    const record = await waitForMatch(
      brokers,
      topicNames.adapters(prefix),
      (m) => m.value !== null && m.key?.toString() === host.instanceId,
    );
    const capabilities = codec.decode<AdapterCapabilitiesRecordV1>(
      record?.value ?? Buffer.alloc(0),
      catalog.topicSchema('adapterCapabilities', 1),
    ).value;
    expect(capabilities.adapterName).to.equal('memory');
    expect(capabilities.methods.map((m) => m.method)).to.include.members([
      'getBank',
      'createCustomer',
    ]);

    const shortPrefix = uniquePrefix();
    const short = await startAdapterHost(brokers, shortPrefix, createMemoryAdapter(), {
      instanceId: 'short-lived',
    });
    const watcher = await startKafkaTransport(brokers, shortPrefix);
    try {
      expect(watcher.implements('getBank', 1)).to.equal(true);
      await short.stop();
      await until('the tombstone is read', () => !watcher.implements('getBank', 1), 15_000);
    } finally {
      await watcher.stop();
    }
  });

  it('serves requests that reached a partition before any instance of the adapter read it', async function () {
    this.timeout(90_000);
    const fresh = uniquePrefix();
    const gateway = await startKafkaTransport(brokers, fresh);
    // No adapter is live yet: ask the transport directly rather than be refused (OBP-60015).
    const blind: Transport = {
      name: gateway.name,
      start: () => gateway.start(),
      stop: () => gateway.stop(),
      request: (request) => gateway.request(request),
      implements: () => undefined,
      status: () => gateway.status(),
    };
    let late: KafkaAdapterHost | undefined;
    try {
      const connector = new Connector(blind, {
        catalog,
        codec,
        logger,
        timeouts: { read: 60_000, write: 60_000 },
      });
      const answer = connector.call('getBanks', {}, testCallContext());
      const admin = kafkaClient(brokers).admin();
      await admin.connect();
      try {
        await until('the request is sent', () => gateway.stats.sent === 1, 15_000);
        let produced = 0;
        while (produced === 0) {
          // A just-created partition may briefly answer "not the leader": ask again.
          const offsets = await admin
            .fetchTopicOffsets(topicNames.request(fresh, 'getBanks'))
            .catch(() => []);
          produced = offsets.reduce((sum, p) => sum + Number(p.high), 0);
          if (produced === 0) await sleep(50);
        }
      } finally {
        await admin.disconnect();
      }

      const runtime = new AdapterRuntime(createMemoryAdapter(), { catalog, codec, logger });
      late = new KafkaAdapterHost(runtime, {
        brokers,
        prefix: fresh,
        layout: testLayout,
        catalog,
        codec,
        logger,
      });
      await late.start();
      const banks = await answer;
      expect(banks).to.be.an('array');
      expect(runtime.stats.executed).to.equal(1);
    } finally {
      await gateway.stop();
      await late?.stop();
    }
  });

  describe('messages the adapter cannot process', () => {
    const requestTopic = () => topicNames.request(prefix, 'getBanks');
    const produce = async (value: Buffer, headers: Record<string, string>) => {
      const producer = kafkaClient(brokers).producer();
      await producer.connect();
      await producer.send({
        topic: requestTopic(),
        messages: [{ key: 'gh.29.uk', value, headers }],
      });
      await producer.disconnect();
    };

    it('go to the dead-letter queue with the reason, and an error reply when it can tell whom to answer', async () => {
      await produce(Buffer.from('definitely not avro'), {
        'message-id': 'poison-1',
        'correlation-id': 'poison-correlation',
        method: 'getBanks',
        'reply-topic': transport.replyTopic,
      });
      const letter = await waitForMatch(
        brokers,
        topicNames.deadLetters(prefix),
        (m) => m.headers['message-id'] === 'poison-1',
      );
      expect(letter?.headers['dlq-reason']).to.contain('bad-magic');
      expect(letter?.headers).to.include({
        'dlq-source-topic': requestTopic(),
        'dlq-adapter': 'memory',
      });
      expect(letter?.value?.toString()).to.equal('definitely not avro');

      const reply = await waitForMatch(
        brokers,
        transport.replyTopic,
        (m) => m.headers['in-reply-to'] === 'poison-1',
      );
      const decoded = codec.decode<GetBankResponseV1>(reply?.value ?? Buffer.alloc(0)).value;
      expect(decoded.status.errorCode).to.equal('OBP-60013');
      expect(decoded.inboundAdapterCallContext.correlationId).to.equal('poison-correlation');
    });

    it('never answers to a topic outside the reply namespace', async () => {
      const request = codec.encode(catalog.entry('getBanks', 1, 'request'), {
        outboundAdapterCallContext: {
          correlationId: 'evil',
          sessionId: null,
          consumerId: null,
          generalContext: [],
          outboundAdapterAuthInfo: null,
        },
      });
      await produce(request, {
        'message-id': 'evil-1',
        'correlation-id': 'evil',
        method: 'getBanks',
        'reply-topic': topicNames.request(prefix, 'createCustomer'),
      });
      const dead = await waitForMessages(brokers, topicNames.deadLetters(prefix), 2);
      expect(
        dead.find((m) => m.headers['message-id'] === 'evil-1')?.headers['dlq-reason'],
      ).to.contain('is not a reply topic');
    });

    it('dead-letters a message without headers', async () => {
      await produce(Buffer.from([0xc3, 0x01]), {});
      const dead = await waitForMessages(brokers, topicNames.deadLetters(prefix), 3);
      expect(
        dead.some((m) => (m.headers['dlq-reason'] ?? '').includes('missing message-id')),
      ).to.equal(true);
    });
  });
});

describe('KafkaTransport start (real broker)', function () {
  let brokers: string[];
  const prefix = uniquePrefix();
  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
  });
  after(() => deletePrefixTopics(brokers, prefix));
  const transportOf = (
    instanceId: string,
    options: { layout?: typeof testLayout; startTimeoutMs: number },
  ) =>
    new KafkaTransport({
      brokers,
      prefix,
      instanceId,
      layout: testLayout,
      catalog,
      codec,
      logger,
      ...options,
    });

  it('with a reply topic of other partitions: starts with those the topic has, whatever the layout says now', async () => {
    const instanceId = 'gw-relaid';
    // A previous run of this instance created its reply topic with 3 partitions.
    await createTopic(brokers, topicNames.reply(prefix, instanceId), 3);
    const transport = transportOf(instanceId, {
      layout: { ...testLayout, replyPartitions: 2 },
      startTimeoutMs: 20_000,
    });
    try {
      await transport.start();
      expect(transport.status()).to.include({ connected: true, ownsReplyPartitions: true });
    } finally {
      await transport.stop();
    }
  });

  it('that fails: rejects, and leaves no consumer in its reply group', async () => {
    const instanceId = 'gw-too-slow';
    // Past its deadline before the reply partitions can be owned.
    const transport = transportOf(instanceId, { startTimeoutMs: 1 });
    let failure: unknown;
    await transport.start().catch((err: unknown) => (failure = err));
    expect(String(failure)).to.contain('in time');
    expect(transport.status()).to.include({ ok: false, connected: false });
    const admin = kafkaClient(brokers).admin();
    await admin.connect();
    try {
      const groupId = `${prefix}.gateway.${instanceId}`;
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]?.members, groups[0]?.state).to.deep.equal([]);
      await admin.deleteGroups([groupId]);
    } finally {
      await admin.disconnect();
    }
  });
});
