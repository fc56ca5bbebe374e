import { expect } from 'chai';
import { byTime } from '../../../../connectors/memory/time-order.js';

describe('byTime', () => {
  it('orders earliest first, null dates last, and keeps ties in their order', () => {
    const items = [
      { id: 'none', at: null },
      { id: 'late', at: new Date(3000) },
      { id: 'tie-1', at: new Date(1000) },
      { id: 'also-none', at: null },
      { id: 'tie-2', at: new Date(1000) },
    ];
    const ids = [...items].sort(byTime((item) => item.at)).map((item) => item.id);
    expect(ids).to.deep.equal(['tie-1', 'tie-2', 'late', 'none', 'also-none']);
  });
});
