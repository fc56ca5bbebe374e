import { expect } from 'chai';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import type { Adapter, HandlerContext } from '../../../src/adapter/index.js';
import { customerArgs } from '../../contract/contract-fixture.js';
import { testCallContext } from '../../helpers/in-process-connector.js';
import { startKafkaConnector, type KafkaConnector } from '../../helpers/kafka-connector.js';
import { KAFKA_START_TIMEOUT_MS } from '../../helpers/kafka.js';

/** How many calls of one method ran at once, at most. */
interface Overlap {
  active: number;
  peak: number;
  order: string[];
}

/**
 * The memory adapter with getBank (a read), createOrUpdateBank and createCustomer (writes) each taking
 * `holdMs`, recording how many of each ran at the same time.
 */
function observedAdapter(holdMs: number): {
  adapter: Adapter;
  reads: Overlap;
  writes: Overlap;
  creates: Overlap;
} {
  const inner = createMemoryAdapter();
  const reads: Overlap = { active: 0, peak: 0, order: [] };
  const writes: Overlap = { active: 0, peak: 0, order: [] };
  const creates: Overlap = { active: 0, peak: 0, order: [] };
  const observe =
    <A, R>(overlap: Overlap, handler: ((args: A, ctx: HandlerContext) => Promise<R>) | undefined) =>
    async (args: A, ctx: HandlerContext): Promise<R> => {
      if (!handler) throw new Error('memory adapter lacks a handler');
      overlap.active++;
      overlap.peak = Math.max(overlap.peak, overlap.active);
      try {
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        overlap.order.push(ctx.callContext.correlationId);
        return await handler(args, ctx);
      } finally {
        overlap.active--;
      }
    };
  return {
    adapter: {
      ...inner,
      handlers: {
        ...inner.handlers,
        getBank: observe(reads, inner.handlers.getBank),
        createOrUpdateBank: observe(writes, inner.handlers.createOrUpdateBank),
        createCustomer: observe(creates, inner.handlers.createCustomer),
      },
    },
    reads,
    writes,
    creates,
  };
}

describe('KafkaAdapterHost: messages of one key (real broker)', function () {
  this.timeout(60_000);
  let kafka: KafkaConnector;
  let observed: ReturnType<typeof observedAdapter>;

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    observed = observedAdapter(300);
    kafka = await startKafkaConnector({ adapter: observed.adapter });
  });
  after(() => kafka?.close());

  it('runs writes of one key one after the other, in the order they were sent', async () => {
    const { connector } = kafka;
    const bank = {
      bankId: 'ordered.bank',
      shortName: 'Ordered',
      fullName: 'Ordered Bank',
      logoUrl: '',
      websiteUrl: '',
      bankRoutings: [],
    };
    const sent = ['w1', 'w2', 'w3', 'w4'];
    // One after the other onto the wire, all pending together.
    const calls = [];
    for (const id of sent) {
      calls.push(
        connector.call(
          'createOrUpdateBank',
          { ...bank, fullName: `Ordered Bank ${id}` },
          testCallContext({ correlationId: id }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(calls);
    expect(observed.writes.peak).to.equal(1);
    expect(observed.writes.order).to.deep.equal(sent);
    const stored = await connector.call('getBank', { bankId: bank.bankId }, testCallContext());
    expect(stored.fullName).to.equal('Ordered Bank w4');
  });

  it('runs reads of one key at the same time', async () => {
    const { connector } = kafka;
    observed.reads.peak = 0;
    await Promise.all(
      Array.from({ length: 4 }, () =>
        connector.call('getBank', { bankId: 'gh.29.uk' }, testCallContext()),
      ),
    );
    expect(observed.reads.peak).to.be.greaterThan(1);
  });

  it('runs createCustomer calls at one bank at the same time: they are keyed by bank alone', async () => {
    const { connector } = kafka;
    await Promise.all(
      Array.from({ length: 4 }, () =>
        connector.call('createCustomer', customerArgs({ customerNumber: null }), testCallContext()),
      ),
    );
    expect(observed.creates.peak).to.be.greaterThan(1);
  });
});
