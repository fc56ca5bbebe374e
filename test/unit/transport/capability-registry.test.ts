import { expect } from 'chai';
import type { AdapterCapabilitiesRecordV1 } from '../../../src/codec/generated/messages.js';
import { CapabilityRegistry } from '../../../src/transport/capability-registry.js';

const t0 = Date.parse('2026-12-06T12:00:00Z');

/** A record of instance `id` answering getBank v1, published at `publishedAt` (epoch ms). */
function record(id: string, publishedAt: number): AdapterCapabilitiesRecordV1 {
  return {
    adapterName: 'memory',
    adapterVersion: '1.0.0',
    instanceId: id,
    methods: [{ method: 'getBank', version: 1 }],
    startedAt: new Date(t0),
    publishedAt: new Date(publishedAt),
    heartbeatMs: 1_000,
  };
}

describe('CapabilityRegistry', () => {
  let now = t0;
  const registry = () => new CapabilityRegistry(() => now);
  beforeEach(() => (now = t0));

  it('counts an instance live for three heartbeats after its last record', () => {
    const capabilities = registry();
    capabilities.apply('a', record('a', t0), { partition: 0, offset: 0 });
    now = t0 + 2_999;
    expect(capabilities.implements('getBank', 1)).to.equal(true);
    expect(capabilities.implements('getBank', 2)).to.equal(false);
    expect(capabilities.implements('getCustomer', 1)).to.equal(false);
    now = t0 + 3_000;
    expect(capabilities.implements('getBank', 1)).to.equal(false);
    expect(capabilities.live()).to.deep.equal([]);
  });

  it('forgets an instance at its tombstone', () => {
    const capabilities = registry();
    capabilities.apply('a', record('a', t0), { partition: 0, offset: 0 });
    capabilities.apply('a', null, { partition: 0, offset: 1 });
    expect(capabilities.implements('getBank', 1)).to.equal(false);
  });

  it('keeps the current record while the topic is read again from its start', () => {
    const capabilities = registry();
    // An instance that stopped once and came back under the same id, then heartbeats.
    const history: Array<AdapterCapabilitiesRecordV1 | null> = [
      record('a', t0 - 60_000),
      null,
      record('a', t0 - 10_000),
      record('a', t0),
    ];
    history.forEach((r, offset) => capabilities.apply('a', r, { partition: 0, offset }));
    expect(capabilities.implements('getBank', 1)).to.equal(true);
    // The consumer rejoined: every record again, from offset 0.
    history.forEach((r, offset) => {
      capabilities.apply('a', r, { partition: 0, offset });
      expect(capabilities.implements('getBank', 1), `replaying offset ${offset}`).to.equal(true);
    });
    // What comes after still applies: a tombstone, then a new start.
    capabilities.apply('a', null, { partition: 0, offset: 4 });
    expect(capabilities.implements('getBank', 1)).to.equal(false);
    capabilities.apply('a', record('a', t0), { partition: 0, offset: 2 });
    expect(capabilities.implements('getBank', 1)).to.equal(false);
    capabilities.apply('a', record('a', t0), { partition: 0, offset: 5 });
    expect(capabilities.implements('getBank', 1)).to.equal(true);
  });

  it('applies a record from another partition (the topic was repartitioned)', () => {
    const capabilities = registry();
    capabilities.apply('a', null, { partition: 0, offset: 9 });
    capabilities.apply('a', record('a', t0), { partition: 1, offset: 0 });
    expect(capabilities.implements('getBank', 1)).to.equal(true);
  });
});
