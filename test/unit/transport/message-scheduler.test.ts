import { expect } from 'chai';
import { MessageScheduler } from '../../../src/transport/message-scheduler.js';

/** A task that finishes when `release` is called, recording when it started and ended. */
function gate(log: string[], name: string) {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await released;
    log.push(`end ${name}`);
  };
  return { task, release };
}

const turns = () => new Promise((resolve) => setImmediate(resolve));

describe('MessageScheduler', () => {
  it('runs one key in order, other keys and unkeyed messages concurrently', async () => {
    const log: string[] = [];
    const scheduler = new MessageScheduler(10);
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const free = gate(log, 'free');
    scheduler.schedule('a', a1.task);
    scheduler.schedule('a', a2.task);
    scheduler.schedule('b', b1.task);
    scheduler.schedule(undefined, free.task);
    await turns();
    expect(log).to.deep.equal(['start a1', 'start b1', 'start free']);
    expect(scheduler.size).to.equal(4);
    a2.release(); // its key's earlier message still runs: a2 must wait for it
    await turns();
    expect(log).to.not.include('start a2');
    a1.release();
    await turns();
    expect(log).to.include.members(['end a1', 'start a2', 'end a2']);
    expect(log.indexOf('end a1')).to.be.lessThan(log.indexOf('start a2'));
    b1.release();
    free.release();
    expect(await scheduler.settle(1_000)).to.equal(0);
  });

  it('keeps a key running after one of its tasks rejects', async () => {
    const scheduler = new MessageScheduler(10);
    const ran: string[] = [];
    scheduler.schedule('k', () => Promise.reject(new Error('handler bug')));
    scheduler.schedule('k', async () => {
      ran.push('next');
      await Promise.resolve();
    });
    expect(await scheduler.settle(1_000)).to.equal(0);
    expect(ran).to.deep.equal(['next']);
  });

  it('is full at its bound, and wakes those waiting for room when a message finishes', async () => {
    const log: string[] = [];
    const scheduler = new MessageScheduler(2);
    const first = gate(log, '1');
    scheduler.schedule(undefined, first.task);
    expect(scheduler.full).to.equal(false);
    scheduler.schedule(undefined, gate(log, '2').task);
    expect(scheduler.full).to.equal(true);
    let woken = false;
    const waiting = scheduler.waitForRoom(60_000).then(() => (woken = true));
    await turns();
    expect(woken).to.equal(false);
    first.release();
    await waiting;
    expect(scheduler.full).to.equal(false);
  });

  it('ends a wait for room after its time, or at wakeAll()', async () => {
    const scheduler = new MessageScheduler(1);
    scheduler.schedule(undefined, () => new Promise(() => undefined)); // never finishes
    const started = Date.now();
    await scheduler.waitForRoom(20);
    expect(Date.now() - started).to.be.at.least(15);
    let woken = false;
    const waiting = scheduler.waitForRoom(60_000).then(() => (woken = true));
    scheduler.wakeAll();
    await waiting;
    expect(woken).to.equal(true);
  });

  it('settle() gives up after its time and says how many are still running', async () => {
    const scheduler = new MessageScheduler(10);
    scheduler.schedule(undefined, () => new Promise(() => undefined));
    scheduler.schedule(undefined, () => Promise.resolve());
    expect(await scheduler.settle(20)).to.equal(1);
  });
});
