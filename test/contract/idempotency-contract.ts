import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { customerArgs, uniqueToken, type ContractFixture } from './contract-fixture.js';

/**
 * Writes are deduplicated by message-id (DESIGN.md "Kafka conventions"): a redelivered or
 * replayed request executes once and gets the first reply again.
 */
export function describeIdempotencyContract(fixture: ContractFixture): void {
  describe('repeated message-id', () => {
    it('creates one customer for two createCustomer calls with one message-id', async () => {
      const args = customerArgs({ customerNumber: null, mobileNumber: `+1 ${uniqueToken()}` });
      const messageId = randomUUID();
      const first = await fixture.call('createCustomer', args, { messageId });
      const second = await fixture.call('createCustomer', args, { messageId });
      expect(second).to.deep.equal(first);
      const found = await fixture.call('getCustomersByCustomerPhoneNumber', {
        bankId: args.bankId,
        phoneNumber: args.mobileNumber,
      });
      expect(found.map((customer) => customer.customerId)).to.deep.equal([first.customerId]);
    });

    it('creates one address for two calls with one message-id, two with two', async () => {
      const { customerId } = await fixture.createCustomer();
      const args = {
        customerId,
        line1: '1 Main Street',
        line2: '',
        line3: '',
        city: 'Derby',
        county: '',
        state: '',
        postcode: 'DE1 1AA',
        countryCode: 'GB',
        tags: [],
        status: 'active',
      };
      const messageId = randomUUID();
      await fixture.call('createCustomerAddress', args, { messageId });
      await fixture.call('createCustomerAddress', args, { messageId });
      expect(await fixture.call('getCustomerAddress', { customerId })).to.have.length(1);
      await fixture.call('createCustomerAddress', args);
      expect(await fixture.call('getCustomerAddress', { customerId })).to.have.length(2);
    });

    it('answers a repeated link creation with the first reply, not OBP-30007', async () => {
      const { customerId, bankId } = await fixture.createCustomer();
      const args = {
        bankId,
        userId: `contract-user-${uniqueToken()}`,
        customerId,
        dateInserted: new Date(),
        isActive: true,
      };
      const messageId = randomUUID();
      const first = await fixture.call('createUserCustomerLink', args, { messageId });
      const second = await fixture.call('createUserCustomerLink', args, { messageId });
      expect(second).to.deep.equal(first);
    });
  });
}
