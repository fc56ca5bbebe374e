import { expect } from 'chai';
import {
  MemoryIdempotencyStore,
  type StoredReply,
} from '../../../src/adapter/idempotency-store.js';

describe('MemoryIdempotencyStore', () => {
  let clock = 0;
  const now = () => clock;
  const reply = (text: string, final = true): StoredReply => ({
    value: Buffer.from(text),
    succeeded: true,
    final,
  });
  /** Runs `id` through `store`, counting executions in `runs`. */
  const run = (store: MemoryIdempotencyStore, id: string, runs: string[], final = true) =>
    store
      .once(id, () => {
        runs.push(id);
        return Promise.resolve(reply(`${id}#${runs.length}`, final));
      })
      .then((r) => r.value.toString());

  beforeEach(() => {
    clock = 0;
  });

  it('executes a message-id once and replays its reply, concurrent deliveries included', async () => {
    const store = new MemoryIdempotencyStore(60_000, 100, now);
    const runs: string[] = [];
    const answers = await Promise.all([run(store, 'm1', runs), run(store, 'm1', runs)]);
    expect(await run(store, 'm1', runs)).to.equal('m1#1');
    expect(answers).to.deep.equal(['m1#1', 'm1#1']);
    expect(runs).to.deep.equal(['m1']);
  });

  it('executes again after a retriable (not final) reply or a thrown error', async () => {
    const store = new MemoryIdempotencyStore(60_000, 100, now);
    const runs: string[] = [];
    await run(store, 'm1', runs, false);
    await run(store, 'm1', runs);
    const failed = await store.once('m2', () => Promise.reject(new Error('boom'))).catch(String);
    expect(failed).to.equal('Error: boom');
    await run(store, 'm2', runs);
    expect(runs).to.deep.equal(['m1', 'm1', 'm2']);
  });

  it('forgets replies after the TTL, oldest first, and keeps at most maxEntries', async () => {
    const store = new MemoryIdempotencyStore(1_000, 3, now);
    const runs: string[] = [];
    await run(store, 'a', runs);
    clock = 500;
    await run(store, 'b', runs);
    clock = 1_000; // a has expired, b has not
    await run(store, 'c', runs);
    expect(store.size).to.equal(2);
    await run(store, 'a', runs);
    await run(store, 'b', runs);
    expect(runs).to.deep.equal(['a', 'b', 'c', 'a']);
    await run(store, 'd', runs); // beyond 3 entries: b, the oldest, goes
    expect(store.size).to.equal(3);
    await run(store, 'b', runs);
    expect(runs.slice(-2)).to.deep.equal(['d', 'b']);
  });
});
