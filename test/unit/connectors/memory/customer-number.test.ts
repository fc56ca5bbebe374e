import { expect } from 'chai';
import { AdapterError } from '../../../../src/adapter/index.js';
import { generateCustomerNumber } from '../../../../connectors/memory/customer-number.js';

describe('generateCustomerNumber', () => {
  it('returns a non-negative decimal integer', () => {
    for (let i = 0; i < 50; i++) {
      expect(generateCustomerNumber(() => false)).to.match(/^(0|[1-9]\d*)$/);
    }
  });

  it('draws again while the number is taken', () => {
    const draws = [7, 7, 8, 9];
    const taken = new Set(['7', '8']);
    const number = generateCustomerNumber(
      (n) => taken.has(n),
      () => draws.shift() ?? -1,
    );
    expect(number).to.equal('9');
    expect(draws).to.deep.equal([]);
  });

  it('gives up with CreateCustomerError when every draw is taken', () => {
    expect(() => generateCustomerNumber(() => true))
      .to.throw(AdapterError)
      .with.property('errorName', 'CreateCustomerError');
  });
});
