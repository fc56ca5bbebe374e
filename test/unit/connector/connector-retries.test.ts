import { expect } from 'chai';
import type { WireMessage } from '../../../src/codec/wire-message.js';
import { Connector } from '../../../src/connector/connector.js';
import type { OutboundRequest, Transport } from '../../../src/connector/transport.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import {
  testCallContext,
  testCatalog as catalog,
  testCodec as codec,
  testLogger as logger,
} from '../../helpers/in-process-connector.js';

/** A transport that answers from a script: an error to throw, or a bank to reply with. */
class ScriptedTransport implements Transport {
  readonly name = 'scripted';
  readonly seen: OutboundRequest[] = [];
  constructor(private readonly script: Array<ObpError | 'bank'>) {}
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
  implements(): boolean {
    return true;
  }
  status(): { ok: boolean } {
    return { ok: true };
  }
  request(request: OutboundRequest): Promise<WireMessage> {
    this.seen.push(request);
    const step = this.script.shift() ?? 'bank';
    if (step !== 'bank') return Promise.reject(step);
    const reply = {
      inboundAdapterCallContext: { correlationId: 'c', sessionId: null, generalContext: [] },
      status: { errorCode: null, backendMessages: [] },
      data: {
        bankId: 'gh.29.uk',
        shortName: '',
        fullName: '',
        logoUrl: '',
        websiteUrl: '',
        bankRoutings: [],
      },
    };
    return Promise.resolve({
      headers: { 'message-id': 'r', 'correlation-id': 'c' },
      value: codec.encode(catalog.entry(request.method, 1, 'response'), reply),
    });
  }
}

const connectorOver = (transport: Transport, read = 1_000) =>
  new Connector(transport, {
    catalog,
    codec,
    logger,
    timeouts: { read, write: read },
    retry: { maxRetries: 2, backoffMs: 5 },
  });

describe('Connector retries', () => {
  it('tries a retriable failure again with the same message-id and deadline', async () => {
    const transport = new ScriptedTransport([
      new ObpError('KafkaServerUnavailable'),
      new ObpError('CoreBankingSystemError'),
      'bank',
    ]);
    const bank = await connectorOver(transport).call(
      'getBank',
      { bankId: 'gh.29.uk' },
      testCallContext(),
    );
    expect(bank.bankId).to.equal('gh.29.uk');
    expect(transport.seen).to.have.length(3);
    const ids = new Set(transport.seen.map((r) => r.message.headers['message-id']));
    expect(ids.size).to.equal(1);
    expect(new Set(transport.seen.map((r) => r.deadline)).size).to.equal(1);
  });

  it('gives up after maxRetries', async () => {
    const transport = new ScriptedTransport(
      Array.from({ length: 5 }, () => new ObpError('KafkaServerUnavailable')),
    );
    const err = await connectorOver(transport)
      .call('getBank', { bankId: 'b' }, testCallContext())
      .catch((e: unknown) => e as ObpError);
    expect((err as ObpError).code).to.equal('OBP-50016');
    expect(transport.seen).to.have.length(3);
  });

  it('never retries a business error or a refusal that carries Retry-After', async () => {
    const business = new ScriptedTransport([new ObpError('CustomerNotFoundByCustomerId'), 'bank']);
    await connectorOver(business)
      .call('getBank', { bankId: 'b' }, testCallContext())
      .catch(() => undefined);
    expect(business.seen).to.have.length(1);
    const refused = new ScriptedTransport([
      new ObpError('ServiceIsTooBusy', { headers: { 'Retry-After': '1' } }),
      'bank',
    ]);
    await connectorOver(refused)
      .call('getBank', { bankId: 'b' }, testCallContext())
      .catch(() => undefined);
    expect(refused.seen).to.have.length(1);
  });

  it('does not retry when the deadline leaves no room', async () => {
    const transport = new ScriptedTransport([new ObpError('KafkaServerUnavailable'), 'bank']);
    const err = await connectorOver(transport, 15)
      .call('getBank', { bankId: 'b' }, testCallContext())
      .catch((e: unknown) => e as ObpError);
    expect((err as ObpError).code).to.equal('OBP-50016');
    expect(transport.seen).to.have.length(1);
  });

  it('derives deterministic write message-ids from an idempotency key, per method call', async () => {
    const first = new ScriptedTransport([]);
    const second = new ScriptedTransport([]);
    for (const transport of [first, second]) {
      const ctx = testCallContext({
        consumerId: 'consumer-1',
        idempotency: { key: 'k-1', requestHash: 'h-1', calls: new Map() },
      });
      await connectorOver(transport)
        .call(
          'createOrUpdateBank',
          {
            bankId: 'b',
            shortName: '',
            fullName: '',
            logoUrl: '',
            websiteUrl: '',
            bankRoutings: [],
          },
          ctx,
        )
        .catch(() => undefined);
      await connectorOver(transport)
        .call(
          'createOrUpdateBank',
          {
            bankId: 'b',
            shortName: '',
            fullName: '',
            logoUrl: '',
            websiteUrl: '',
            bankRoutings: [],
          },
          ctx,
        )
        .catch(() => undefined);
    }
    const ids = (t: ScriptedTransport) => t.seen.map((r) => r.message.headers['message-id']);
    expect(ids(first)).to.deep.equal(ids(second));
    expect(new Set(ids(first)).size).to.equal(2);
  });
});
