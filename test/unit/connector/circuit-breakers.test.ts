import { expect } from 'chai';
import {
  CircuitBreakers,
  type BreakerSettings,
  type BreakerState,
} from '../../../src/connector/circuit-breakers.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import { testLogger } from '../../helpers/in-process-connector.js';

const settings: BreakerSettings = {
  volumeThreshold: 4,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 200,
  rollingWindowMs: 10_000,
  maxInFlight: 3,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function failWith(
  breakers: CircuitBreakers,
  name: 'AdapterTimeout' | 'CustomerNotFoundByCustomerId',
): Promise<ObpError> {
  try {
    await breakers.run('getBank', () => Promise.reject(new ObpError(name)), 'c');
  } catch (err) {
    return err as ObpError;
  }
  throw new Error('expected a failure');
}

describe('CircuitBreakers', () => {
  let breakers: CircuitBreakers;
  let transitions: BreakerState[];

  beforeEach(() => {
    transitions = [];
    breakers = new CircuitBreakers('test:route', settings, {}, testLogger, (_m, state) =>
      transitions.push(state),
    );
  });
  afterEach(() => breakers.shutdown());

  it('opens after the volume threshold of retriable failures and then answers 503 OBP-50003 at once, with Retry-After', async () => {
    for (let i = 0; i < 4; i++)
      expect((await failWith(breakers, 'AdapterTimeout')).code).to.equal('OBP-60014');
    expect(transitions).to.deep.equal(['open']);
    let ran = false;
    const refused = await breakers
      .run(
        'getBank',
        () => {
          ran = true;
          return Promise.resolve(1);
        },
        'c',
      )
      .then(
        () => undefined,
        (err: unknown) => err as ObpError,
      );
    expect(ran).to.equal(false);
    expect(refused?.code).to.equal('OBP-50003');
    expect(refused?.httpStatus).to.equal(503);
    expect(Number(refused?.headers['Retry-After'])).to.be.at.least(1);
    expect(breakers.states()).to.deep.equal([{ method: 'getBank', state: 'open' }]);
  });

  it('never opens on business errors', async () => {
    for (let i = 0; i < 20; i++)
      expect((await failWith(breakers, 'CustomerNotFoundByCustomerId')).code).to.equal('OBP-30046');
    expect(transitions).to.deep.equal([]);
    expect(await breakers.run('getBank', () => Promise.resolve('ok'), 'c')).to.equal('ok');
  });

  it('lets one trial call through after the reset timeout and closes when it succeeds', async () => {
    for (let i = 0; i < 4; i++) await failWith(breakers, 'AdapterTimeout');
    await sleep(250);
    expect(breakers.states()[0]?.state).to.equal('halfOpen');
    expect(await breakers.run('getBank', () => Promise.resolve('back'), 'c')).to.equal('back');
    expect(transitions).to.deep.equal(['open', 'halfOpen', 'closed']);
  });

  it('reopens when the trial call fails', async () => {
    for (let i = 0; i < 4; i++) await failWith(breakers, 'AdapterTimeout');
    await sleep(250);
    await failWith(breakers, 'AdapterTimeout');
    expect(transitions).to.deep.equal(['open', 'halfOpen', 'open']);
  });

  it('bounds the calls in flight per method: beyond, 503 OBP-10040 with Retry-After', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = Array.from({ length: 3 }, () => breakers.run('getBank', () => gate, 'c'));
    const refused = await breakers
      .run('getBank', () => Promise.resolve(), 'c')
      .catch((err: unknown) => err as ObpError);
    expect(refused).to.be.instanceOf(ObpError);
    expect((refused as ObpError).code).to.equal('OBP-10040');
    expect((refused as ObpError).headers['Retry-After']).to.equal('1');
    // Another method has its own bound.
    expect(await breakers.run('getBanks', () => Promise.resolve('free'), 'c')).to.equal('free');
    release();
    await Promise.all(running);
    expect(await breakers.run('getBank', () => Promise.resolve('again'), 'c')).to.equal('again');
  });

  it('applies per-method overrides', async () => {
    const custom = new CircuitBreakers(
      'test:route',
      settings,
      { getBank: { volumeThreshold: 1 } },
      testLogger,
    );
    try {
      await failWith(custom, 'AdapterTimeout');
      expect(custom.states()).to.deep.equal([{ method: 'getBank', state: 'open' }]);
    } finally {
      custom.shutdown();
    }
  });

  it('does not sort the window of latencies on a failure (a failure storm stays cheap)', async () => {
    const busy = new CircuitBreakers(
      'test:route',
      { ...settings, volumeThreshold: 1_000_000, maxInFlight: 1_000_000 },
      {},
      testLogger,
    );
    // opossum's percentiles sort with a comparator; count those sorts while calls fail.
    const sort = Array.prototype.sort;
    let sorts = 0;
    try {
      for (let i = 0; i < 2_000; i++) await busy.run('getBank', () => Promise.resolve(i), 'c');
      Array.prototype.sort = function <T>(this: T[], compare?: (a: T, b: T) => number): T[] {
        if (compare && this.length >= 2_000) sorts++;
        return sort.call(this, compare) as T[];
      };
      for (let i = 0; i < 50; i++) await failWith(busy, 'AdapterTimeout');
    } finally {
      Array.prototype.sort = sort;
      busy.shutdown();
    }
    expect(sorts).to.equal(0);
  });
});
