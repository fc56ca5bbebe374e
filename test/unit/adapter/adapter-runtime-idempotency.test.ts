import { expect } from 'chai';
import { AdapterRuntime, type Adapter } from '../../../src/adapter/index.js';
import type { CreateOrUpdateBankResponseV1 } from '../../../src/codec/generated/messages.js';
import { toOutboundCallContext } from '../../../src/connector/call-context.js';
import { errorCatalog } from '../../../src/errors/error-catalog.js';
import {
  testCallContext,
  testCatalog as catalog,
  testCodec as codec,
  testLogger as logger,
} from '../../helpers/in-process-connector.js';

/** A createOrUpdateBank request as a gateway sends it. */
function createBankRequest() {
  return {
    headers: {
      'message-id': 'write-1',
      'correlation-id': 'correlation-1',
      method: 'createOrUpdateBank',
      'method-version': '1',
      deadline: String(Date.now() + 30_000),
    },
    value: codec.encode(catalog.entry('createOrUpdateBank', 1, 'request'), {
      outboundAdapterCallContext: toOutboundCallContext(
        testCallContext({ correlationId: 'correlation-1' }),
      ),
      bankId: 'b',
      shortName: '',
      fullName: '',
      logoUrl: '',
      websiteUrl: '',
      bankRoutings: [],
    }),
  };
}

describe('AdapterRuntime with a failing idempotency store', () => {
  it('answers a retriable OBP-50013 at once instead of no reply at all', async () => {
    let calls = 0;
    const adapter: Adapter = {
      name: 'store-down',
      version: '1.0.0',
      handlers: {
        createOrUpdateBank: () => {
          calls++;
          return Promise.reject(new Error('never reached'));
        },
      },
      // Its database is down: nothing can be claimed, nothing runs.
      idempotencyStore: { once: () => Promise.reject(new Error('connection refused')) },
    };
    const runtime = new AdapterRuntime(adapter, { catalog, codec, logger });
    const outcome = await runtime.handle(createBankRequest());
    if (outcome.kind !== 'reply') throw new Error(`unexpected dead letter: ${outcome.reason}`);
    const reply = codec.decode<CreateOrUpdateBankResponseV1>(outcome.reply.value).value;
    expect(reply.status.errorCode).to.equal('OBP-50013');
    expect(errorCatalog.CoreBankingSystemError.retriable).to.equal(true);
    expect(reply.data).to.equal(null);
    expect(outcome.executed).to.equal(false);
    expect(calls).to.equal(0);
    expect(outcome.reply.headers['in-reply-to']).to.equal('write-1');
  });
});
