import { expect } from 'chai';
import { OffsetTracker } from '../../../src/transport/offset-tracker.js';

describe('OffsetTracker', () => {
  it('commits only the unbroken run of finished offsets, per partition', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['10', '11', '12', '13']) tracker.begin('t', 0, offset);
    tracker.begin('t', 1, '5');
    tracker.finish('t', 0, '11');
    tracker.finish('t', 0, '13');
    expect(tracker.drain()).to.deep.equal([]);
    tracker.finish('t', 0, '10');
    tracker.finish('t', 1, '5');
    expect(tracker.drain()).to.deep.equal([
      { topic: 't', partition: 0, offset: '12' },
      { topic: 't', partition: 1, offset: '6' },
    ]);
    expect(tracker.unfinished).to.equal(2);
    tracker.finish('t', 0, '12');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '14' }]);
    expect(tracker.drain()).to.deep.equal([]);
    expect(tracker.unfinished).to.equal(0);
  });

  it('handles offsets beyond 2^53', () => {
    const tracker = new OffsetTracker();
    tracker.begin('t', 0, '9007199254740993');
    tracker.finish('t', 0, '9007199254740993');
    expect(tracker.drain()).to.deep.equal([
      { topic: 't', partition: 0, offset: '9007199254740994' },
    ]);
  });

  it('counts a redelivered offset once, whichever delivery finishes first', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['5', '6', '7']) tracker.begin('t', 0, offset);
    tracker.finish('t', 0, '5');
    // The group rejoined: fetching goes back to the last commit, 5.
    for (const offset of ['5', '6', '7']) tracker.begin('t', 0, offset);
    expect(tracker.unfinished).to.equal(3);
    tracker.finish('t', 0, '5');
    tracker.finish('t', 0, '6'); // the first delivery of 6
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '7' }]);
    tracker.finish('t', 0, '6'); // the second delivery of 6: already committed
    tracker.finish('t', 0, '7');
    tracker.begin('t', 0, '8');
    tracker.finish('t', 0, '8');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '9' }]);
    expect(tracker.unfinished).to.equal(0);
  });

  it('does not commit a redelivered offset on the strength of a finish from before', () => {
    const tracker = new OffsetTracker();
    tracker.begin('t', 0, '5');
    tracker.finish('t', 0, '5');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '6' }]);
    tracker.finish('t', 0, '5'); // late: nothing pending any more
    tracker.begin('t', 0, '5'); // the commit was lost; 5 comes again
    expect(tracker.drain()).to.deep.equal([]);
    tracker.finish('t', 0, '5');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '6' }]);
  });

  it('keeps offsets below a redelivery pending', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['5', '6', '7']) tracker.begin('t', 0, offset);
    for (const offset of ['6', '7']) tracker.begin('t', 0, offset);
    expect(tracker.unfinished).to.equal(3);
    tracker.finish('t', 0, '6');
    tracker.finish('t', 0, '7');
    expect(tracker.drain()).to.deep.equal([]);
    tracker.finish('t', 0, '5');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '8' }]);
  });

  it('commits nothing for a partition no longer assigned, when its work finishes later', () => {
    const tracker = new OffsetTracker();
    tracker.begin('t', 0, '5');
    tracker.begin('t', 1, '7');
    tracker.begin('u', 0, '3');
    // A rebalance gave t/1 and all of u to another instance while their work was running.
    tracker.retainOnly({ t: [0] });
    expect(tracker.unfinished).to.equal(1);
    tracker.finish('t', 1, '7');
    tracker.finish('u', 0, '3');
    tracker.finish('t', 0, '5');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 0, offset: '6' }]);
    // Assigned back later: it starts over from what it is given.
    tracker.begin('t', 1, '6');
    tracker.finish('t', 1, '6');
    expect(tracker.drain()).to.deep.equal([{ topic: 't', partition: 1, offset: '7' }]);
  });
});
