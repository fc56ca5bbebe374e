import { expect } from 'chai';
import { BoundedMap } from '../../../src/store/bounded-map.js';

describe('BoundedMap', () => {
  it('keeps the newest `capacity` entries, forgetting the oldest first', () => {
    const map = new BoundedMap<number, string>(3);
    for (let i = 1; i <= 5; i++) map.set(i, `v${i}`);
    expect(map.size).to.equal(3);
    expect([1, 2, 3, 4, 5].map((k) => map.get(k))).to.deep.equal([
      undefined,
      undefined,
      'v3',
      'v4',
      'v5',
    ]);
  });

  it('keeps its place for a key set again, and makes a key deleted and set again the newest', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1).set('b', 2).set('c', 3);
    map.set('a', 10); // still the oldest
    map.set('d', 4);
    expect(map.has('a')).to.equal(false);
    map.delete('b');
    map.set('b', 20); // now the newest: c goes next
    map.set('e', 5);
    expect(map.has('c')).to.equal(false);
    expect(['b', 'd', 'e'].map((k) => map.get(k))).to.deep.equal([20, 4, 5]);
  });

  it('skips entries deleted meanwhile, and starts afresh after clear()', () => {
    const map = new BoundedMap<number, number>(2);
    map.set(1, 1).set(2, 2);
    map.delete(1);
    map.set(3, 3).set(4, 4); // 2 is the oldest left
    expect([2, 3, 4].map((k) => map.has(k))).to.deep.equal([false, true, true]);
    map.clear();
    expect(map.size).to.equal(0);
    map.set(5, 5).set(6, 6).set(7, 7);
    expect([5, 6, 7].map((k) => map.has(k))).to.deep.equal([false, true, true]);
  });

  it('agrees with a plain list model through a long run of inserts and deletions', () => {
    const capacity = 1_000;
    const map = new BoundedMap<number, number>(capacity);
    const model: number[] = []; // live keys, oldest first
    for (let i = 0; i < 50_000; i++) {
      map.set(i, i);
      model.push(i);
      if (model.length > capacity) model.shift();
      if (i % 11 === 0 && map.has(i - 300)) {
        // An LRU's refresh: deleted and set again, the key becomes the newest.
        map.delete(i - 300);
        map.set(i - 300, i);
        model.splice(model.indexOf(i - 300), 1);
        model.push(i - 300);
        if (model.length > capacity) model.shift();
      }
      if (i % 7 === 0) {
        // Deletions from inside, as caches do when an entry fails or is forgotten.
        map.delete(i - 500);
        const at = model.indexOf(i - 500);
        if (at >= 0) model.splice(at, 1);
      }
    }
    expect(map.size).to.equal(model.length);
    expect(model.every((k) => map.has(k))).to.equal(true);
    // The eviction order is the model's too.
    map.evictWhile(() => map.size > capacity / 2);
    expect(model.slice(model.length - capacity / 2).every((k) => map.has(k))).to.equal(true);
  });

  it('evicts the oldest entries while they are stale, up to the first that is not', () => {
    const map = new BoundedMap<string, number>(10);
    map.set('a', 1).set('b', 2).set('c', 9).set('d', 1);
    map.evictWhile((v) => v < 5);
    expect(['a', 'b', 'c', 'd'].map((k) => map.has(k))).to.deep.equal([false, false, true, true]);
    // The oldest, deleted and set again, is the newest: d is now the oldest.
    map.delete('c');
    map.set('c', 1);
    map.evictWhile((v) => v < 5);
    expect(map.size).to.equal(0);
    map.evictWhile(() => true); // on an empty map
    map.set('e', 1).set('f', 7);
    map.evictWhile((v) => v < 5);
    expect(['e', 'f'].map((k) => map.has(k))).to.deep.equal([false, true]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new BoundedMap(0)).to.throw(RangeError);
  });
});
