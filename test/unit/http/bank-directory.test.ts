import { expect } from 'chai';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import type { Adapter } from '../../../src/adapter/index.js';
import type { ObpError } from '../../../src/errors/obp-error.js';
import { BankDirectory } from '../../../src/http/bank-directory.js';
import { createInProcessConnector, testCallContext } from '../../helpers/in-process-connector.js';

function countingGetBank(): { adapter: Adapter; calls: () => number } {
  const inner = createMemoryAdapter();
  let calls = 0;
  const getBank = inner.handlers.getBank;
  return {
    adapter: {
      ...inner,
      handlers: {
        ...inner.handlers,
        getBank: (args, ctx) => {
          calls++;
          if (!getBank) throw new Error('memory adapter lost getBank');
          return getBank(args, ctx);
        },
      },
    },
    calls: () => calls,
  };
}

describe('BankDirectory', () => {
  let clock = 0;
  const now = () => clock;

  it('remembers a found bank for its TTL and shares concurrent lookups', async () => {
    const { adapter, calls } = countingGetBank();
    const banks = new BankDirectory(createInProcessConnector(adapter).connector, 1_000, now);
    const ctx = testCallContext();
    const [a, b] = await Promise.all([banks.get('gh.29.uk', ctx), banks.get('gh.29.uk', ctx)]);
    expect(a.bankId).to.equal('gh.29.uk');
    expect(b).to.equal(a);
    expect(calls()).to.equal(1);
    clock += 999;
    await banks.get('gh.29.uk', ctx);
    expect(calls()).to.equal(1);
    clock += 2;
    await banks.get('gh.29.uk', ctx);
    expect(calls()).to.equal(2);
  });

  it('never remembers a missing bank, so a new bank is visible at once', async () => {
    const { adapter, calls } = countingGetBank();
    const { connector } = createInProcessConnector(adapter);
    const banks = new BankDirectory(connector, 60_000, now);
    const ctx = testCallContext();
    for (let i = 0; i < 2; i++) {
      const err = await banks.get('later-bank', ctx).catch((e: unknown) => e as ObpError);
      expect((err as ObpError).code).to.equal('OBP-30001');
    }
    expect(calls()).to.equal(2);
    await connector.call(
      'createOrUpdateBank',
      {
        bankId: 'later-bank',
        shortName: 'L',
        fullName: 'Later',
        logoUrl: '',
        websiteUrl: '',
        bankRoutings: [],
      },
      ctx,
    );
    expect((await banks.get('later-bank', ctx)).shortName).to.equal('L');
  });

  it('forgets a bank on request, and caches nothing with a TTL of 0', async () => {
    const { adapter, calls } = countingGetBank();
    const { connector } = createInProcessConnector(adapter);
    const ctx = testCallContext();
    const cached = new BankDirectory(connector, 60_000, now);
    await cached.get('gh.29.uk', ctx);
    cached.forget('gh.29.uk');
    await cached.get('gh.29.uk', ctx);
    expect(calls()).to.equal(2);
    const uncached = new BankDirectory(connector, 0, now);
    await uncached.get('gh.29.uk', ctx);
    await uncached.get('gh.29.uk', ctx);
    expect(calls()).to.equal(4);
  });
});
