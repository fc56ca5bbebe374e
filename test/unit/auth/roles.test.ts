import { expect } from 'chai';
import { isRoleName, roleCatalog, roleNames, type RoleName } from '../../../src/auth/roles.js';

describe('roleCatalog', () => {
  it('makes every …AtAnyBank role, and CanCreateBank, a system role and the rest bank roles', () => {
    for (const name of roleNames) {
      const system = name.endsWith('AtAnyBank') || name === 'CanCreateBank';
      expect(roleCatalog[name].requiresBankId, name).to.equal(!system);
    }
  });

  it('holds the roles the customer endpoints and entitlement endpoints check', () => {
    const required: RoleName[] = [
      'CanCreateCustomer',
      'CanCreateCustomerAtAnyBank',
      'CanGetCustomersAtAnyBank',
      'CanUpdateCustomerCreditRatingAndSourceAtAnyBank',
      'CanUseCustomerFirehoseAtAnyBank',
      'CanCreateEntitlementAtOneBank',
      'CanCreateEntitlementAtAnyBank',
      'CanGetEntitlementsForAnyUserAtAnyBank',
      'CanGetEntitlementsForAnyUserAtOneBank',
      'CanCreateBank',
    ];
    for (const name of required) expect(isRoleName(name), name).to.be.true;
  });

  it('lists role names sorted', () => {
    expect(roleNames).to.deep.equal([...roleNames].sort());
  });

  it('does not take inherited object keys for roles', () => {
    expect(isRoleName('toString')).to.be.false;
    expect(isRoleName('CanDoAnything')).to.be.false;
  });
});
