import { expect } from 'chai';
import {
  keepsKeyOrder,
  methodNames,
  methodRegistry,
} from '../../../src/connector/method-registry.js';

describe('keepsKeyOrder', () => {
  it('orders writes by key, except createCustomer; never reads', () => {
    expect(keepsKeyOrder('createOrUpdateBank')).to.equal(true);
    expect(keepsKeyOrder('updateCustomerScaData')).to.equal(true);
    expect(keepsKeyOrder('createCustomer')).to.equal(false);
    expect(keepsKeyOrder('getCustomerByCustomerId')).to.equal(false);
    for (const method of methodNames) {
      if (methodRegistry[method].kind === 'read')
        expect(keepsKeyOrder(method), method).to.equal(false);
    }
  });
});
