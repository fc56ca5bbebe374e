import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { ArgsOf } from '../../src/codec/message-types.js';
import {
  demoBankId,
  noGeneralChange,
  unusedCustomerNumber,
  type ContractFixture,
} from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

/** updateCustomerScaData, updateCustomerCreditData, updateCustomerGeneralData. */
export function describeCustomerUpdateContract(fixture: ContractFixture): void {
  describe('updateCustomerScaData', () => {
    const update = (
      customerId: string,
      change: Partial<Omit<ArgsOf<'updateCustomerScaData'>, 'customerId'>>,
    ) =>
      fixture.call('updateCustomerScaData', {
        customerId,
        mobileNumber: null,
        email: null,
        customerNumber: null,
        ...change,
      });

    it('changes the given fields and leaves null ones unchanged', async () => {
      const customer = await fixture.createCustomer();
      const updated = await update(customer.customerId, { email: 'new@example.com' });
      expect(updated).to.deep.equal({ ...customer, email: 'new@example.com' });
      const again = await update(customer.customerId, { mobileNumber: '+44 1', email: null });
      expect(again).to.deep.equal({ ...updated, mobileNumber: '+44 1' });
      expect(
        await fixture.call('getCustomerByCustomerId', { customerId: customer.customerId }),
      ).to.deep.equal(again);
    });

    it('moves the customer to a new free number', async () => {
      const customer = await fixture.createCustomer();
      const customerNumber = unusedCustomerNumber();
      expect(await update(customer.customerId, { customerNumber })).to.include({
        number: customerNumber,
      });
      const byNumber = await fixture.call('getCustomerByCustomerNumber', {
        bankId: demoBankId,
        customerNumber,
      });
      expect(byNumber.customerId).to.equal(customer.customerId);
      await expectObpError(
        fixture.call('getCustomerByCustomerNumber', {
          bankId: demoBankId,
          customerNumber: customer.number,
        }),
        'OBP-30002',
        404,
      );
      expect(
        await fixture.call('checkCustomerNumberAvailable', {
          bankId: demoBankId,
          customerNumber: customer.number,
        }),
      ).to.equal(true);
    });

    it("accepts the customer's own current number", async () => {
      const customer = await fixture.createCustomer();
      const updated = await update(customer.customerId, { customerNumber: customer.number });
      expect(updated).to.deep.equal(customer);
    });

    it('accepts a number that is only used at another bank', async () => {
      const elsewhere = await fixture.createCustomer({ bankId: fixture.otherBankId });
      const customer = await fixture.createCustomer();
      const updated = await update(customer.customerId, { customerNumber: elsewhere.number });
      expect(updated.number).to.equal(elsewhere.number);
    });

    it("answers OBP-30006 (400) for another customer's number and changes nothing", async () => {
      const other = await fixture.createCustomer();
      const customer = await fixture.createCustomer();
      await expectObpError(
        update(customer.customerId, { customerNumber: other.number, email: 'x@example.com' }),
        'OBP-30006',
        400,
      );
      expect(
        await fixture.call('getCustomerByCustomerId', { customerId: customer.customerId }),
      ).to.deep.equal(customer);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(update(randomUUID(), { email: 'x@example.com' }), 'OBP-30046', 404);
    });
  });

  describe('updateCustomerCreditData', () => {
    const update = (
      customerId: string,
      change: Partial<Omit<ArgsOf<'updateCustomerCreditData'>, 'customerId'>>,
    ) =>
      fixture.call('updateCustomerCreditData', {
        customerId,
        creditRating: null,
        creditSource: null,
        creditLimit: null,
        ...change,
      });

    it('creates the rating record from either part, then updates each part alone', async () => {
      const customer = await fixture.createCustomer({ creditRating: null, creditLimit: null });
      const rated = await update(customer.customerId, { creditRating: 'AA' });
      expect(rated.creditRating).to.deep.equal({ rating: 'AA', source: '' });
      const sourced = await update(customer.customerId, { creditSource: 'Agency' });
      expect(sourced.creditRating).to.deep.equal({ rating: 'AA', source: 'Agency' });

      const other = await fixture.createCustomer({ creditRating: null });
      const sourcedOnly = await update(other.customerId, { creditSource: 'Agency' });
      expect(sourcedOnly.creditRating).to.deep.equal({ rating: '', source: 'Agency' });
    });

    it('replaces the credit limit and leaves everything else unchanged', async () => {
      const customer = await fixture.createCustomer();
      const creditLimit = { currency: 'GBP', amount: '2500.50' };
      const updated = await update(customer.customerId, { creditLimit });
      expect(updated).to.deep.equal({ ...customer, creditLimit });
      expect(await update(customer.customerId, {})).to.deep.equal(updated);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(update(randomUUID(), { creditRating: 'A' }), 'OBP-30046', 404);
    });
  });

  describe('updateCustomerGeneralData', () => {
    it('changes the given fields and leaves null ones unchanged', async () => {
      const customer = await fixture.createCustomer();
      const change = {
        legalName: 'Eveline Tripman-Smith',
        faceImage: { url: 'https://www.example.com/new.png', date: null },
        dateOfBirth: new Date('1991-04-10T00:00:00Z'),
        dependents: 2,
        title: 'Prof.',
      };
      const updated = await fixture.call('updateCustomerGeneralData', {
        ...noGeneralChange,
        ...change,
        customerId: customer.customerId,
      });
      expect(updated).to.deep.equal({ ...customer, ...change });
      const unchanged = await fixture.call('updateCustomerGeneralData', {
        ...noGeneralChange,
        customerId: customer.customerId,
      });
      expect(unchanged).to.deep.equal(updated);
      const more = {
        relationshipStatus: 'married',
        highestEducationAttained: 'PhD',
        employmentStatus: 'retired',
        branchId: 'LEEDS1',
        nameSuffix: 'Jr',
      };
      const again = await fixture.call('updateCustomerGeneralData', {
        ...noGeneralChange,
        ...more,
        customerId: customer.customerId,
      });
      expect(again).to.deep.equal({ ...updated, ...more });
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(
        fixture.call('updateCustomerGeneralData', {
          ...noGeneralChange,
          customerId: randomUUID(),
          title: 'Dr.',
        }),
        'OBP-30046',
        404,
      );
    });
  });
}
