import { expect } from 'chai';
import { AdapterRuntime, type Adapter } from '../../../src/adapter/index.js';
import type { GetBanksResponseV1 } from '../../../src/codec/generated/messages.js';
import type { WireHeaders, WireMessage } from '../../../src/codec/wire-message.js';
import { capturingLogger } from '../../helpers/capturing-logger.js';
import {
  testCatalog as catalog,
  testCodec as codec,
  testLogger as logger,
} from '../../helpers/in-process-connector.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');

/** An adapter whose getBanks counts its calls. */
function countingAdapter(): { adapter: Adapter; calls: () => number } {
  let calls = 0;
  const adapter: Adapter = {
    name: 'counting',
    version: '1.0.0',
    handlers: {
      getBanks: () => {
        calls++;
        return Promise.resolve([]);
      },
    },
  };
  return { adapter, calls: () => calls };
}

function getBanksRequest(headers: Partial<WireHeaders>, producedAt?: number): WireMessage {
  return {
    headers: {
      'message-id': 'message-1',
      'correlation-id': 'correlation-1',
      method: 'getBanks',
      'method-version': '1',
      ...headers,
    },
    value: codec.encode(catalog.entry('getBanks', 1, 'request'), {
      outboundAdapterCallContext: {
        correlationId: 'correlation-1',
        sessionId: null,
        consumerId: null,
        generalContext: [],
        outboundAdapterAuthInfo: null,
      },
    }),
    producedAt,
  };
}

async function run(
  message: WireMessage,
): Promise<{ errorCode: string | null; executed: boolean; calls: number; skipped: number }> {
  const { adapter, calls } = countingAdapter();
  const runtime = new AdapterRuntime(adapter, {
    catalog,
    codec,
    logger,
    defaultTimeoutMs: 30_000,
    now: () => NOW,
  });
  const outcome = await runtime.handle(message);
  if (outcome.kind !== 'reply') throw new Error(`unexpected dead letter: ${outcome.reason}`);
  const reply = codec.decode<GetBanksResponseV1>(outcome.reply.value).value;
  return {
    errorCode: reply.status.errorCode,
    executed: outcome.executed,
    calls: calls(),
    skipped: runtime.stats.skippedPastDeadline,
  };
}

describe('AdapterRuntime deadlines', () => {
  it('executes a request whose deadline header is still ahead', async () => {
    const result = await run(getBanksRequest({ deadline: String(NOW + 1_000) }));
    expect(result).to.deep.equal({ errorCode: null, executed: true, calls: 1, skipped: 0 });
  });

  it('skips a request whose deadline header has passed, answering OBP-60014 without executing', async () => {
    const result = await run(getBanksRequest({ deadline: String(NOW - 1) }));
    expect(result).to.deep.equal({
      errorCode: 'OBP-60014',
      executed: false,
      calls: 0,
      skipped: 1,
    });
  });

  it('gives a request without a deadline header the default deadline from when it was produced', async () => {
    const fresh = await run(getBanksRequest({}, NOW - 29_000));
    expect(fresh).to.include({ errorCode: null, calls: 1 });

    // Replayed long after it was produced (a new consumer group reading from the start).
    const replayed = await run(getBanksRequest({}, NOW - 3_600_000));
    expect(replayed).to.include({ errorCode: 'OBP-60014', calls: 0, skipped: 1 });
  });

  it('counts the default deadline from now when the transport cannot tell when it was produced', async () => {
    const result = await run(getBanksRequest({}));
    expect(result).to.include({ errorCode: null, calls: 1 });
  });

  it('ignores a deadline header that is not epoch milliseconds', async () => {
    const result = await run(getBanksRequest({ deadline: 'tomorrow' }, NOW - 3_600_000));
    expect(result).to.include({ errorCode: 'OBP-60014', calls: 0 });
  });

  it('logs skips of long-expired backlog once, then as a per-method summary, not line by line', async () => {
    const lines: Record<string, unknown>[] = [];
    const { adapter, calls } = countingAdapter();
    const runtime = new AdapterRuntime(adapter, {
      catalog,
      codec,
      logger: capturingLogger(lines),
      now: () => NOW,
      backlogSummaryMs: 50,
    });
    const skipLines = () =>
      lines.filter(
        (l) => String(l.message).includes('past') && String(l.message).includes('deadline'),
      );
    // Just missed: logged on its own, as in overload.
    await runtime.handle(getBanksRequest({ deadline: String(NOW - 1_000) }));
    expect(skipLines()).to.have.length(1);
    expect(skipLines()[0]).to.include({ message: 'skipped request past its deadline' });

    // A backlog read from the start: one line now, one summary later, each skip still answered.
    // (The runtime decides synchronously, so all 500 are counted before any timer can fire.)
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        runtime.handle(
          getBanksRequest({ 'message-id': `old-${i}`, deadline: String(NOW - 3_600_000) }),
        ),
      ),
    );
    expect(outcomes.every((o) => o.kind === 'reply' && !o.executed)).to.equal(true);
    expect(skipLines()).to.have.length(2);
    expect(skipLines()[1]).to.include({
      message: 'skipping requests long past their deadline (retained backlog)',
      method: 'getBanks',
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(skipLines()).to.have.length(3);
    expect(skipLines()[2]).to.deep.include({
      message: 'skipped backlog requests past their deadline',
      skipped: { getBanks: 499 },
    });
    expect(runtime.stats.skippedPastDeadline).to.equal(501);
    expect(calls()).to.equal(0);

    // The run is over: a later backlog starts with a line of its own again.
    await new Promise((resolve) => setTimeout(resolve, 120));
    await runtime.handle(
      getBanksRequest({ 'message-id': 'later', deadline: String(NOW - 3_600_000) }),
    );
    expect(skipLines()).to.have.length(4);
  });
});
