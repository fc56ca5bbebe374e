import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  customerArgs,
  demoBankId,
  uniqueToken,
  unusedCustomerNumber,
  type ContractFixture,
} from './contract-fixture.js';
import { expectObpError, expectObpFailure } from './expect-obp-error.js';

/** createCustomer, checkCustomerNumberAvailable, getCustomerByCustomerId / ByCustomerNumber. */
export function describeCustomerContract(fixture: ContractFixture): void {
  describe('createCustomer', () => {
    it('stores every field given and assigns customerId and createdAt', async () => {
      const args = customerArgs();
      const before = Date.now();
      const customer = await fixture.call('createCustomer', args);
      const { customerNumber, ...fields } = args;
      expect(customer).to.deep.include({ ...fields, number: customerNumber });
      expect(customer.customerId).to.be.a('string').and.not.equal('');
      expect(customer.createdAt).to.be.instanceOf(Date);
      // Generous bounds: the backend's clock may differ a little from the test's.
      expect(customer.createdAt.getTime()).to.be.within(before - 60_000, Date.now() + 60_000);
    });

    it('accepts a customer without optional data', async () => {
      const args = customerArgs({
        dateOfBirth: null,
        lastOkDate: null,
        creditRating: null,
        creditLimit: null,
        faceImage: { url: '', date: null },
        dependents: 0,
        dobOfDependents: [],
      });
      const customer = await fixture.call('createCustomer', args);
      expect(customer).to.deep.include({
        dateOfBirth: null,
        lastOkDate: null,
        creditRating: null,
        creditLimit: null,
        faceImage: { url: '', date: null },
        dobOfDependents: [],
      });
    });

    it('generates distinct decimal customer numbers when none is given', async () => {
      const customers = await Promise.all(
        Array.from({ length: 12 }, () => fixture.createCustomer({ customerNumber: null })),
      );
      const numbers = customers.map((customer) => customer.number);
      for (const number of numbers) expect(number).to.match(/^\d+$/);
      expect(new Set(numbers).size).to.equal(numbers.length);
      const again = await fixture.call('getCustomerByCustomerNumber', {
        bankId: demoBankId,
        customerNumber: numbers[0] ?? '',
      });
      expect(again.customerId).to.equal(customers[0]?.customerId);
    });

    it('answers OBP-30006 (400) for a number already used at the bank', async () => {
      const { number } = await fixture.createCustomer();
      await expectObpError(fixture.createCustomer({ customerNumber: number }), 'OBP-30006', 400);
    });

    it('accepts the same number at another bank', async () => {
      const { number } = await fixture.createCustomer();
      const other = await fixture.createCustomer({
        bankId: fixture.otherBankId,
        customerNumber: number,
      });
      expect(other).to.deep.include({ bankId: fixture.otherBankId, number });
    });

    it('lets exactly one of several concurrent creations with one number succeed', async () => {
      const customerNumber = unusedCustomerNumber();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => fixture.createCustomer({ customerNumber })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expectObpFailure(outcome.reason, 'OBP-30006', 400);
      }
    });

    it('answers OBP-30001 (404) for an unknown bank', async () => {
      await expectObpError(
        fixture.createCustomer({ bankId: `no-such-bank-${uniqueToken()}` }),
        'OBP-30001',
        404,
      );
    });
  });

  describe('checkCustomerNumberAvailable', () => {
    it('is false for a used number and true for a free one or another bank', async () => {
      const { number } = await fixture.createCustomer();
      const check = (bankId: string, customerNumber: string): Promise<boolean> =>
        fixture.call('checkCustomerNumberAvailable', { bankId, customerNumber });
      expect(await check(demoBankId, number)).to.equal(false);
      expect(await check(demoBankId, unusedCustomerNumber())).to.equal(true);
      expect(await check(fixture.otherBankId, number)).to.equal(true);
    });
  });

  describe('getCustomerByCustomerId', () => {
    it('reads a customer back exactly as created', async () => {
      const created = await fixture.createCustomer();
      const read = await fixture.call('getCustomerByCustomerId', {
        customerId: created.customerId,
      });
      expect(read).to.deep.equal(created);
    });

    it('answers OBP-30046 (404) for an unknown id', async () => {
      await expectObpError(
        fixture.call('getCustomerByCustomerId', { customerId: randomUUID() }),
        'OBP-30046',
        404,
      );
    });
  });

  describe('getCustomerByCustomerNumber', () => {
    it('reads a customer by its number at its bank', async () => {
      const created = await fixture.createCustomer();
      const read = await fixture.call('getCustomerByCustomerNumber', {
        bankId: demoBankId,
        customerNumber: created.number,
      });
      expect(read).to.deep.equal(created);
    });

    it('answers OBP-30002 (404) for an unknown number or the wrong bank', async () => {
      const { number } = await fixture.createCustomer();
      await expectObpError(
        fixture.call('getCustomerByCustomerNumber', {
          bankId: demoBankId,
          customerNumber: unusedCustomerNumber(),
        }),
        'OBP-30002',
        404,
      );
      await expectObpError(
        fixture.call('getCustomerByCustomerNumber', {
          bankId: fixture.otherBankId,
          customerNumber: number,
        }),
        'OBP-30002',
        404,
      );
    });
  });
}
