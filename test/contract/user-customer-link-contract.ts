import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { UserCustomerLink } from '../../src/codec/generated/messages.js';
import { demoBankId, uniqueToken, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

/**
 * createUserCustomerLink, getUserCustomerLinksByUserId / ByCustomerId, deleteUserCustomerLink,
 * and getCustomersByUserId, which reads through the links.
 */
export function describeUserCustomerLinkContract(fixture: ContractFixture): void {
  const link = (
    userId: string,
    customerId: string,
    dateInserted: Date,
    isActive = true,
    bankId = demoBankId,
  ): Promise<UserCustomerLink> =>
    fixture.call('createUserCustomerLink', { bankId, userId, customerId, dateInserted, isActive });
  const newUser = (): string => `contract-user-${uniqueToken()}`;

  describe('createUserCustomerLink', () => {
    it('stores the link with a new id', async () => {
      const userId = newUser();
      const { customerId } = await fixture.createCustomer();
      const dateInserted = new Date('2024-01-02T03:04:05.678Z');
      const created = await link(userId, customerId, dateInserted, false);
      expect(created).to.deep.include({
        bankId: demoBankId,
        userId,
        customerId,
        dateInserted,
        isActive: false,
      });
      expect(created.userCustomerLinkId).to.be.a('string').and.not.equal('');
    });

    it('answers OBP-30007 (400) when the user is already linked to the customer', async () => {
      const userId = newUser();
      const { customerId } = await fixture.createCustomer();
      await link(userId, customerId, new Date());
      await expectObpError(link(userId, customerId, new Date(), false), 'OBP-30007', 400);
    });

    it('answers OBP-30113 (400) when the customer belongs to another bank', async () => {
      const { customerId } = await fixture.createCustomer({ bankId: fixture.otherBankId });
      await expectObpError(link(newUser(), customerId, new Date()), 'OBP-30113', 400);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(link(newUser(), randomUUID(), new Date()), 'OBP-30046', 404);
    });
  });

  describe('getUserCustomerLinksByUserId and getUserCustomerLinksByCustomerId', () => {
    it('list the links, oldest dateInserted first', async () => {
      const userId = newUser();
      const [x, y] = [await fixture.createCustomer(), await fixture.createCustomer()];
      const newer = await link(userId, x.customerId, new Date('2024-02-01T00:00:00Z'));
      const older = await link(userId, y.customerId, new Date('2024-01-01T00:00:00Z'));
      const otherUser = await link(newUser(), x.customerId, new Date('2023-01-01T00:00:00Z'));
      expect(await fixture.call('getUserCustomerLinksByUserId', { userId })).to.deep.equal([
        older,
        newer,
      ]);
      expect(
        await fixture.call('getUserCustomerLinksByCustomerId', { customerId: x.customerId }),
      ).to.deep.equal([otherUser, newer]);
    });

    it('answer empty lists for an unknown user or customer', async () => {
      expect(
        await fixture.call('getUserCustomerLinksByUserId', { userId: newUser() }),
      ).to.deep.equal([]);
      expect(
        await fixture.call('getUserCustomerLinksByCustomerId', { customerId: randomUUID() }),
      ).to.deep.equal([]);
    });
  });

  describe('deleteUserCustomerLink', () => {
    it('deletes the link once; deleting it again answers OBP-30035 (404)', async () => {
      const userId = newUser();
      const { customerId } = await fixture.createCustomer();
      const { userCustomerLinkId } = await link(userId, customerId, new Date());
      const bankId = demoBankId;
      expect(await fixture.call('deleteUserCustomerLink', { bankId, userCustomerLinkId })).to.equal(
        true,
      );
      expect(await fixture.call('getUserCustomerLinksByUserId', { userId })).to.deep.equal([]);
      await expectObpError(
        fixture.call('deleteUserCustomerLink', { bankId, userCustomerLinkId }),
        'OBP-30035',
        404,
      );
    });

    it('answers OBP-30035 (404) for a link of another bank, and leaves it in place', async () => {
      const userId = newUser();
      const { customerId } = await fixture.createCustomer();
      const { userCustomerLinkId } = await link(userId, customerId, new Date());
      await expectObpError(
        fixture.call('deleteUserCustomerLink', { bankId: fixture.otherBankId, userCustomerLinkId }),
        'OBP-30035',
        404,
      );
      expect(await fixture.call('getUserCustomerLinksByUserId', { userId })).to.have.length(1);
    });

    it('answers OBP-30035 (404) for an unknown id', async () => {
      await expectObpError(
        fixture.call('deleteUserCustomerLink', {
          bankId: demoBankId,
          userCustomerLinkId: randomUUID(),
        }),
        'OBP-30035',
        404,
      );
    });
  });

  describe('getCustomersByUserId', () => {
    it("lists the customers of the user's active links, at every bank, oldest link first", async () => {
      const userId = newUser();
      const here = await fixture.createCustomer();
      const elsewhere = await fixture.createCustomer({ bankId: fixture.otherBankId });
      const inactive = await fixture.createCustomer();
      await link(userId, here.customerId, new Date('2024-03-01T00:00:00Z'));
      const early = await link(
        userId,
        elsewhere.customerId,
        new Date('2024-01-01T00:00:00Z'),
        true,
        fixture.otherBankId,
      );
      await link(userId, inactive.customerId, new Date('2024-02-01T00:00:00Z'), false);
      expect(await fixture.call('getCustomersByUserId', { userId })).to.deep.equal([
        elsewhere,
        here,
      ]);

      await fixture.call('deleteUserCustomerLink', {
        bankId: fixture.otherBankId,
        userCustomerLinkId: early.userCustomerLinkId,
      });
      expect(await fixture.call('getCustomersByUserId', { userId })).to.deep.equal([here]);
    });

    it('answers an empty list for a user without links', async () => {
      expect(await fixture.call('getCustomersByUserId', { userId: newUser() })).to.deep.equal([]);
    });
  });
}
