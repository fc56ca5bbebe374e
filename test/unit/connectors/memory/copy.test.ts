import { expect } from 'chai';
import { copyOf } from '../../../../connectors/memory/copy.js';

describe('memory adapter copyOf', () => {
  it('copies nested objects, arrays and Dates, sharing nothing with the original', () => {
    const original = {
      name: 'Eveline',
      count: 2,
      active: true,
      missing: null,
      born: new Date('1990-05-01T00:00:00Z'),
      limit: { currency: 'EUR', amount: '10' },
      dates: [new Date('2020-01-01T00:00:00Z')],
      routings: [{ scheme: 'BIC', address: 'GENODEM1GLS' }],
    };
    const copy = copyOf(original);
    expect(copy).to.deep.equal(original);

    copy.limit.amount = '99';
    copy.born.setUTCFullYear(2000);
    (copy.dates[0] as Date).setUTCFullYear(2001);
    copy.routings.push({ scheme: 'IBAN', address: 'x' });
    (copy.routings[0] as { address: string }).address = 'changed';
    expect(original.limit.amount).to.equal('10');
    expect(original.born.getUTCFullYear()).to.equal(1990);
    expect((original.dates[0] as Date).getUTCFullYear()).to.equal(2020);
    expect(original.routings).to.deep.equal([{ scheme: 'BIC', address: 'GENODEM1GLS' }]);
    expect(copy.born).to.be.instanceOf(Date);
  });

  it('returns primitives and null as they are', () => {
    expect(copyOf('text')).to.equal('text');
    expect(copyOf(7)).to.equal(7);
    expect(copyOf(null)).to.equal(null);
    expect(copyOf([1, 'a', null])).to.deep.equal([1, 'a', null]);
  });
});
