import { expect } from 'chai';
import type { KafkaMessage } from 'kafkajs';
import type { WireMessage } from '../../../src/codec/wire-message.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import { PendingRequests, type ReplyCounters } from '../../../src/transport/pending-requests.js';
import { capturingLogger } from '../../helpers/capturing-logger.js';

const context = { method: 'getCustomerByCustomerId' as const, correlationId: 'corr-1' };

/** A reply record as the reply consumer reads it: headers as Buffers (none if `bare`). */
function replyTo(inReplyTo: string, value = 'body', bare = false): KafkaMessage {
  return {
    key: null,
    value: Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    offset: '0',
    headers: bare
      ? {}
      : {
          'in-reply-to': Buffer.from(inReplyTo),
          'correlation-id': Buffer.from('corr-1'),
          'message-id': Buffer.from(`reply-${inReplyTo}`),
        },
  };
}

function setUp() {
  const counters: ReplyCounters = {
    replies: 0,
    timeouts: 0,
    lateReplies: 0,
    duplicateReplies: 0,
    unmatchedReplies: 0,
  };
  const lines: Record<string, unknown>[] = [];
  const pending = new PendingRequests(counters, capturingLogger(lines));
  const awaitReply = (id: string, deadline = Date.now() + 60_000) => {
    let first = false;
    const reply = new Promise<WireMessage>((resolve, reject) => {
      first = pending.add(id, context, deadline, { resolve, reject });
    });
    return { first, reply };
  };
  return { counters, lines, pending, awaitReply };
}

describe('PendingRequests', () => {
  it('answers every waiter of a message-id with its reply, once', async () => {
    const { counters, pending, awaitReply } = setUp();
    const a = awaitReply('m1');
    const b = awaitReply('m1');
    expect(a.first, 'the first waiter sends it').to.equal(true);
    expect(b.first, 'the second shares it').to.equal(false);
    expect(pending.size).to.equal(1);
    pending.answer(replyTo('m1', 'the reply'));
    for (const reply of await Promise.all([a.reply, b.reply])) {
      expect(reply.value.toString()).to.equal('the reply');
      expect(reply.headers['in-reply-to']).to.equal('m1');
    }
    expect(pending.size).to.equal(0);
    pending.answer(replyTo('m1'));
    expect(counters).to.include({ replies: 1, duplicateReplies: 1, unmatchedReplies: 0 });
  });

  it('times a request out at its deadline (OBP-60014), and counts a reply after it as late', async () => {
    const { counters, lines, pending, awaitReply } = setUp();
    const { reply } = awaitReply('m2', Date.now() + 10);
    const err = await reply.then(
      () => expect.fail('no reply was sent'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ObpError);
    expect((err as ObpError).errorName).to.equal('AdapterTimeout');
    expect(lines.find((l) => l.message === 'connector call timed out')).to.include({
      method: 'getCustomerByCustomerId',
      correlationId: 'corr-1',
      messageId: 'm2',
    });
    pending.answer(replyTo('m2'));
    expect(counters).to.include({ timeouts: 1, lateReplies: 1, replies: 0 });
  });

  it('counts a reply to nothing it sent as unmatched', () => {
    const { counters, pending } = setUp();
    pending.answer(replyTo('never-sent'));
    pending.answer(replyTo('', 'no headers', true));
    expect(counters).to.include({ unmatchedReplies: 2, replies: 0 });
  });

  it('fails every waiter of a request that could not be sent', async () => {
    const { pending, awaitReply } = setUp();
    const a = awaitReply('m3');
    const b = awaitReply('m3');
    const cause = new Error('broker gone');
    pending.fail('m3', cause);
    for (const reply of [a.reply, b.reply]) {
      expect(
        await reply.then(
          () => 'answered',
          (e: unknown) => e,
        ),
      ).to.equal(cause);
    }
    expect(pending.size).to.equal(0);
  });

  it('whenEmpty() resolves at once when nothing is pending, else once the last one ends', async () => {
    const { pending, awaitReply } = setUp();
    await pending.whenEmpty();
    const a = awaitReply('m4');
    const b = awaitReply('m5');
    let empty = false;
    const emptied = pending.whenEmpty().then(() => (empty = true));
    pending.answer(replyTo('m4'));
    await a.reply;
    expect(empty).to.equal(false);
    pending.fail('m5', new Error('x'));
    await b.reply.catch(() => undefined);
    await emptied;
    expect(empty).to.equal(true);
  });
});
