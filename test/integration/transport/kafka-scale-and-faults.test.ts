import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import type { Adapter } from '../../../src/adapter/index.js';
import type { Connector } from '../../../src/connector/connector.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import type { KafkaTransport } from '../../../src/transport/kafka-transport.js';
import { testCallContext } from '../../helpers/in-process-connector.js';
import {
  kafkaConnector,
  spawnAdapter,
  startAdapterHost,
  startKafkaTransport,
  stopProcess,
  uniquePrefix,
} from '../../helpers/kafka-connector.js';
import { kafkaClient, KAFKA_START_TIMEOUT_MS, startKafka } from '../../helpers/kafka.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  readonly startedAt: number;
  readonly durationMs: number;
  /** 'ok', or the OBP code the call failed with. */
  readonly result: string;
}

/**
 * One call with a fresh key (so calls spread over every request partition). The memory adapter
 * answers OBP-30046 for the unknown customer: an answer is what these tests count.
 */
async function probe(connector: Connector): Promise<Outcome> {
  const startedAt = Date.now();
  const bankId = `bank-${randomUUID().slice(0, 8)}`;
  try {
    await connector.call(
      'getCustomerAttributes',
      { bankId, customerId: randomUUID() },
      testCallContext(),
    );
    return { startedAt, durationMs: Date.now() - startedAt, result: 'ok' };
  } catch (err) {
    const code = err instanceof ObpError ? (err.code ?? 'ObpError') : String(err);
    return {
      startedAt,
      durationMs: Date.now() - startedAt,
      result: code === 'OBP-30046' ? 'answered' : code,
    };
  }
}

/** `workers` concurrent loops of probes for `durationMs`. */
async function load(connector: Connector, workers: number, durationMs: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const until = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) outcomes.push(await probe(connector));
    }),
  );
  return outcomes;
}

/** Waits until `groupId` is Stable with `members` members that all own partitions. */
async function untilGroupStable(brokers: string[], groupId: string, members: number) {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 30_000;
    let stableSince: number | undefined;
    for (;;) {
      const { groups } = await admin.describeGroups([groupId]);
      const group = groups[0];
      const settled =
        group?.state === 'Stable' &&
        group.members.length === members &&
        group.members.every((m) => m.memberAssignment.length > 0);
      // Stable for a second: kafkajs may rejoin once more right after a join.
      if (!settled) stableSince = undefined;
      else if (stableSince === undefined) stableSince = Date.now();
      else if (Date.now() - stableSince >= 1_000) return;
      if (Date.now() > deadline) throw new Error(`group ${groupId} did not settle`);
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
}

describe('Kafka transport at scale and under faults (real broker, adapter processes)', function () {
  this.timeout(120_000);
  let brokers: string[];

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
  });

  describe('two gateway instances and two adapter instances', () => {
    let prefix: string;
    let adapters: ChildProcess[];
    let gateways: KafkaTransport[];

    before(async () => {
      prefix = uniquePrefix();
      adapters = await Promise.all([
        spawnAdapter('memory', brokers, prefix, { ADAPTER_INSTANCE_ID: 'adapter-a' }),
        spawnAdapter('memory', brokers, prefix, { ADAPTER_INSTANCE_ID: 'adapter-b' }),
      ]);
      gateways = await Promise.all([
        startKafkaTransport(brokers, prefix, 'gw-a'),
        startKafkaTransport(brokers, prefix, 'gw-b'),
      ]);
      // The routing check below wants both instances settled in one generation; requests sent
      // while the group still rebalances are served too (see kafka-transport.test.ts), but
      // may be answered twice, which would blur the count of misrouted replies.
      await untilGroupStable(brokers, `${prefix}.adapter.memory`, 2);
    });
    after(async () => {
      await Promise.all(gateways.map((g) => g.stop()));
      await Promise.all(adapters.map((a) => stopProcess(a)));
    });

    it('answers every request exactly once, on the gateway that asked', async () => {
      const connectors = gateways.map((g) => kafkaConnector(g));
      const outcomes = await Promise.all(
        Array.from({ length: 400 }, (_, i) => probe(connectors[i % 2] as Connector)),
      );
      expect(outcomes.filter((o) => o.result !== 'answered')).to.deep.equal([]);
      for (const gateway of gateways) {
        expect(gateway.stats.sent).to.equal(200);
        expect(gateway.stats.replies).to.equal(200);
        expect(gateway.stats.unmatchedReplies, 'replies routed to the wrong gateway').to.equal(0);
        expect(gateway.stats.lateReplies).to.equal(0);
        expect(gateway.status().pending).to.equal(0);
      }
    });

    it('shares the request partitions between both adapter instances', async () => {
      const admin = kafkaClient(brokers).admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([`${prefix}.adapter.memory`]);
        expect(groups[0]?.state).to.equal('Stable');
        expect(groups[0]?.members).to.have.length(2);
        for (const member of groups[0]?.members ?? [])
          expect(member.memberAssignment.length).to.be.greaterThan(0);
      } finally {
        await admin.disconnect();
      }
    });
  });

  it('keeps every request within its deadline when an adapter is killed (SIGKILL) under load, then recovers', async () => {
    const prefix = uniquePrefix();
    const victim = await spawnAdapter('memory', brokers, prefix, { ADAPTER_INSTANCE_ID: 'victim' });
    const survivor = await spawnAdapter('memory', brokers, prefix, {
      ADAPTER_INSTANCE_ID: 'survivor',
    });
    const transport = await startKafkaTransport(brokers, prefix);
    const timeoutMs = 2_000;
    const connector = kafkaConnector(transport, { read: timeoutMs, write: timeoutMs });
    try {
      const started = Date.now();
      const running = load(connector, 16, 25_000);
      await sleep(4_000);
      victim.kill('SIGKILL');
      const killedAt = Date.now();
      const outcomes = await running;

      expect(outcomes.length).to.be.greaterThan(200);
      const slowest = Math.max(...outcomes.map((o) => o.durationMs));
      expect(slowest, 'no request waits past its deadline').to.be.at.most(timeoutMs + 500);
      expect([...new Set(outcomes.map((o) => o.result))]).to.satisfy((results: string[]) =>
        results.every((r) => r === 'answered' || r === 'OBP-60014'),
      );
      expect(
        outcomes.filter((o) => o.startedAt < killedAt - 500).every((o) => o.result === 'answered'),
      ).to.equal(true);
      // The survivor owns the victim's partitions after the session timeout and a rebalance.
      const lastFiveSeconds = outcomes.filter((o) => o.startedAt > started + 20_000);
      expect(lastFiveSeconds.length).to.be.greaterThan(20);
      expect(lastFiveSeconds.filter((o) => o.result !== 'answered')).to.deep.equal([]);
      expect(transport.status().pending).to.equal(0);
    } finally {
      await transport.stop();
      await stopProcess(survivor);
    }
  });

  it('drains an adapter on SIGTERM: it exits 0 and no request is lost', async () => {
    const prefix = uniquePrefix();
    const leaving = await spawnAdapter('memory', brokers, prefix, {
      ADAPTER_INSTANCE_ID: 'leaving',
    });
    const staying = await spawnAdapter('memory', brokers, prefix, {
      ADAPTER_INSTANCE_ID: 'staying',
    });
    const transport = await startKafkaTransport(brokers, prefix);
    const connector = kafkaConnector(transport, { read: 8_000, write: 8_000 });
    try {
      const running = load(connector, 8, 12_000);
      await sleep(3_000);
      const exit = await stopProcess(leaving, 'SIGTERM');
      const outcomes = await running;
      expect(exit).to.equal(0);
      expect(outcomes.length).to.be.greaterThan(100);
      expect(outcomes.filter((o) => o.result !== 'answered')).to.deep.equal([]);
    } finally {
      await transport.stop();
      await stopProcess(staying);
    }
  });

  it('drains the gateway side on stop: pending requests still get their replies', async () => {
    const prefix = uniquePrefix();
    const inner = createMemoryAdapter();
    const slow: Adapter = {
      ...inner,
      handlers: {
        ...inner.handlers,
        getBanks: async (args, ctx) => {
          await sleep(400);
          return inner.handlers.getBanks ? inner.handlers.getBanks(args, ctx) : [];
        },
      },
    };
    const host = await startAdapterHost(brokers, prefix, slow);
    const transport = await startKafkaTransport(brokers, prefix);
    try {
      const connector = kafkaConnector(transport);
      const calls = Array.from({ length: 20 }, () =>
        connector.call('getBanks', {}, testCallContext()),
      );
      await sleep(50);
      const stopped = transport.stop();
      // A second stop (two shutdown paths racing) waits for the same drain.
      const again = transport.stop();
      const banks = await Promise.all(calls);
      await Promise.all([stopped, again]);
      expect(banks.every((list) => list.some((b) => b.bankId === 'gh.29.uk'))).to.equal(true);
      expect(transport.status()).to.include({ pending: 0, connected: false });
    } finally {
      await host.stop();
    }
  });
});
