import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Customer, SocialMediaHandle } from '../../src/codec/generated/messages.js';
import type { ArgsOf } from '../../src/codec/message-types.js';
import { demoBankId, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

function handleArgs(customer: Customer, dateAdded: Date): ArgsOf<'addSocialMediaHandle'> {
  return {
    bankId: customer.bankId,
    customerId: customer.customerId,
    customerNumber: customer.number,
    type: 'mastodon',
    handle: '@eveline@example.social',
    dateAdded,
    dateActivated: new Date(dateAdded.getTime() + 60_000),
  };
}

/** addSocialMediaHandle, getSocialMediaHandles. */
export function describeSocialMediaContract(fixture: ContractFixture): void {
  const list = (customerId: string, bankId = demoBankId): Promise<SocialMediaHandle[]> =>
    fixture.call('getSocialMediaHandles', { bankId, customerId });

  describe('addSocialMediaHandle', () => {
    it('stores the given fields with a new id', async () => {
      const customer = await fixture.createCustomer();
      const args = handleArgs(customer, new Date('2024-01-01T00:00:00Z'));
      const handle = await fixture.call('addSocialMediaHandle', args);
      expect(handle).to.deep.include(args);
      expect(handle.socialMediaHandleId).to.be.a('string').and.not.equal('');
    });

    it('answers OBP-30046 (404) for an unknown customer or one of another bank', async () => {
      const customer = await fixture.createCustomer();
      const args = handleArgs(customer, new Date());
      await expectObpError(
        fixture.call('addSocialMediaHandle', { ...args, customerId: randomUUID() }),
        'OBP-30046',
        404,
      );
      await expectObpError(
        fixture.call('addSocialMediaHandle', { ...args, bankId: fixture.otherBankId }),
        'OBP-30046',
        404,
      );
    });
  });

  describe('getSocialMediaHandles', () => {
    it("lists only the customer's handles, by dateAdded", async () => {
      const customer = await fixture.createCustomer();
      const newer = await fixture.call(
        'addSocialMediaHandle',
        handleArgs(customer, new Date('2024-05-01T00:00:00Z')),
      );
      const older = await fixture.call(
        'addSocialMediaHandle',
        handleArgs(customer, new Date('2023-05-01T00:00:00Z')),
      );
      const other = await fixture.createCustomer();
      await fixture.call('addSocialMediaHandle', handleArgs(other, new Date()));
      expect(await list(customer.customerId)).to.deep.equal([older, newer]);
    });

    it('answers an empty list for a customer without handles or at another bank', async () => {
      const customer = await fixture.createCustomer();
      expect(await list(customer.customerId)).to.deep.equal([]);
      await fixture.call('addSocialMediaHandle', handleArgs(customer, new Date()));
      expect(await list(customer.customerId, fixture.otherBankId)).to.deep.equal([]);
    });
  });
}
