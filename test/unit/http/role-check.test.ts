import { expect } from 'chai';
import type { UserRoles } from '../../../src/auth/entitlement-service.js';
import { HeldRoles } from '../../../src/auth/user-roles.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import { missingRolesText, requireRoles } from '../../../src/http/role-check.js';

const holding = (...held: [string, string][]): UserRoles =>
  new HeldRoles(
    held.map(([roleName, bankId]) => ({ roleName, bankId })),
    false,
  );

describe('requireRoles', () => {
  it('passes when one group is held completely, bank roles at the bank and system roles at ""', () => {
    expect(() =>
      requireRoles(holding(['CanGetCustomer', 'gh.29.uk']), [['CanGetCustomer']], 'gh.29.uk'),
    ).not.to.throw();
    expect(() =>
      requireRoles(
        holding(['CanCreateCustomerAtAnyBank', '']),
        [['CanCreateCustomer'], ['CanCreateCustomerAtAnyBank']],
        'gh.29.uk',
      ),
    ).not.to.throw();
  });

  it('fails with 403 OBP-20006 when a bank role is held at another bank', () => {
    try {
      requireRoles(holding(['CanGetCustomer', 'other']), [['CanGetCustomer']], 'gh.29.uk');
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ObpError);
      expect((err as ObpError).httpStatus).to.equal(403);
      expect((err as ObpError).message).to.equal(
        'OBP-20006: User is missing one or more roles: CanGetCustomer at Bank(gh.29.uk)',
      );
    }
  });
});

describe('missingRolesText', () => {
  it('words a single bank role, a system role, alternatives and pairs as OBP does', () => {
    expect(missingRolesText([['CanGetCustomer']], 'b')).to.equal('CanGetCustomer at Bank(b)');
    expect(missingRolesText([['CanUseCustomerFirehoseAtAnyBank']], 'b')).to.equal(
      'CanUseCustomerFirehoseAtAnyBank',
    );
    expect(missingRolesText([['CanCreateCustomer'], ['CanCreateCustomerAtAnyBank']], 'b')).to.equal(
      'CanCreateCustomer or CanCreateCustomerAtAnyBank for BankId(b).',
    );
    expect(
      missingRolesText(
        [
          ['CanCreateCustomer', 'CanCreateUserCustomerLink'],
          ['CanCreateCustomerAtAnyBank', 'CanCreateUserCustomerLinkAtAnyBank'],
        ],
        'b',
      ),
    ).to.equal(
      'CanCreateCustomer and CanCreateUserCustomerLink OR CanCreateCustomerAtAnyBank and CanCreateUserCustomerLinkAtAnyBank entitlements are required.',
    );
  });
});
