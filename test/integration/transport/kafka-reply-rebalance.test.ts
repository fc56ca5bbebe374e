import { expect } from 'chai';
import type { Consumer } from 'kafkajs';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import type { Adapter } from '../../../src/adapter/index.js';
import { testCallContext } from '../../helpers/in-process-connector.js';
import { kafkaConnector, startKafkaConnector } from '../../helpers/kafka-connector.js';
import { kafkaClient, KAFKA_START_TIMEOUT_MS } from '../../helpers/kafka.js';
import { until } from '../../helpers/until.js';

/** The memory adapter whose getBank answers only once the test opens the gate. */
function gatedGetBank(): { adapter: Adapter; entered: () => boolean; open: () => void } {
  const inner = createMemoryAdapter();
  const getBank = inner.handlers.getBank;
  let entered = false;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    adapter: {
      ...inner,
      handlers: {
        ...inner.handlers,
        getBank: async (args, ctx) => {
          entered = true;
          await gate;
          if (!getBank) throw new Error('memory adapter lost getBank');
          return getBank(args, ctx);
        },
      },
    },
    entered: () => entered,
    open: () => open(),
  };
}

describe('KafkaTransport reply partitions through a rebalance (real broker)', function () {
  this.timeout(120_000);

  it('reads the replies produced while its reply partition was assigned elsewhere', async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    const instanceId = 'rebalanced';
    const gated = gatedGetBank();
    // One reply partition, so the intruder below takes all of it.
    const kafka = await startKafkaConnector({
      adapter: gated.adapter,
      instanceId,
      replyPartitions: 1,
    });
    const { brokers, prefix, transport } = kafka;
    let intruder: Consumer | undefined;
    try {
      const connector = kafkaConnector(transport, { read: 20_000, write: 20_000 });
      const answer = connector
        .call('getBank', { bankId: 'gh.29.uk' }, testCallContext({ correlationId: 'through' }))
        .then(
          (bank) => ({ bank }),
          (error: unknown) => ({ error }),
        );
      await until('the adapter received the request', gated.entered, 30_000);

      // Another member of the gateway's reply group, whose client id sorts first, so the
      // round-robin assignment hands it the only reply partition. It never commits.
      let intruderAssigned = false;
      let intruderRead = 0;
      intruder = kafkaClient(brokers, 'a-intruder').consumer({
        groupId: `${prefix}.gateway.${instanceId}`,
        sessionTimeout: 10_000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 100,
      });
      intruder.on(intruder.events.GROUP_JOIN, ({ payload }) => {
        intruderAssigned = (payload.memberAssignment[transport.replyTopic] ?? []).length > 0;
      });
      await intruder.connect();
      // From the beginning: the topic holds only this test's reply, and starting at its end could
      // miss a reply produced before the first fetch.
      await intruder.subscribe({ topic: transport.replyTopic, fromBeginning: true });
      await intruder.run({
        autoCommit: false,
        eachMessage: async () => {
          intruderRead++;
          return Promise.resolve();
        },
      });
      await until('the intruder took the reply partition', () => intruderAssigned, 30_000);
      await until(
        'the gateway gave up its reply partition',
        () => !transport.status().ownsReplyPartitions,
        30_000,
      );

      // The reply is produced while the intruder holds the partition, and it reads it.
      gated.open();
      await until('the intruder read the reply', () => intruderRead > 0, 30_000);
      await intruder.disconnect();
      intruder = undefined;
      await until(
        'the gateway got its reply partition back',
        () => transport.status().ownsReplyPartitions,
        30_000,
      );

      const outcome = await answer;
      expect(outcome).to.have.property('bank');
      expect(transport.stats.timeouts).to.equal(0);
    } finally {
      await intruder?.disconnect();
      await kafka.close();
    }
  });
  it('keeps taking requests while its reply group rebalances and the partitions stay with it', async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    const instanceId = 'steady';
    const kafka = await startKafkaConnector({ instanceId, replyPartitions: 1 });
    const { brokers, prefix, transport } = kafka;
    const connector = kafkaConnector(transport);
    const outcomes: Array<Promise<unknown>> = [];
    let duringRebalance = 0;
    let watching = true;
    try {
      // Every turn of the event loop: while the group rebalances, send a request (one per
      // rebalance), as an HTTP request arriving then would.
      let sentThisRebalance = false;
      const watch = () => {
        if (!watching) return;
        const rejoining = transport.status().rejoiningReplyGroup;
        if (rejoining && !sentThisRebalance) {
          duringRebalance++;
          outcomes.push(connector.call('getBank', { bankId: 'gh.29.uk' }, testCallContext()));
        }
        sentThisRebalance = rejoining;
        setImmediate(watch);
      };
      watch();

      // Members whose client ids sort after the gateway's: the round-robin assignment leaves
      // the only reply partition with the gateway, but each join and leave rebalances the group.
      for (let round = 0; round < 3; round++) {
        const member = kafkaClient(brokers, `z-member-${round}`).consumer({
          groupId: `${prefix}.gateway.${instanceId}`,
          sessionTimeout: 10_000,
          heartbeatInterval: 500,
          maxWaitTimeInMs: 100,
        });
        let joined = false;
        member.on(member.events.GROUP_JOIN, () => (joined = true));
        await member.connect();
        await member.subscribe({ topic: transport.replyTopic });
        await member.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
        await until(`member ${round} joined`, () => joined, 30_000);
        await member.disconnect();
        await until(
          `the gateway rejoined alone after member ${round}`,
          () => transport.status().ownsReplyPartitions && !transport.status().rejoiningReplyGroup,
          30_000,
        );
      }
      watching = false;

      expect(duringRebalance, 'requests sent while the group rebalanced').to.be.greaterThan(0);
      const settled = await Promise.allSettled(outcomes);
      expect(settled.filter((o) => o.status === 'rejected')).to.deep.equal([]);
      expect(transport.stats.timeouts).to.equal(0);
    } finally {
      watching = false;
      await kafka.close();
    }
  });
});
