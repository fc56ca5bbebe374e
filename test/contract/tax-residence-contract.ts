import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { TaxResidence } from '../../src/codec/generated/messages.js';
import type { ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

/** createTaxResidence, getTaxResidence, deleteTaxResidence. */
export function describeTaxResidenceContract(fixture: ContractFixture): void {
  const create = (customerId: string, domain = 'DE', taxNumber = '12345'): Promise<TaxResidence> =>
    fixture.call('createTaxResidence', { customerId, domain, taxNumber });
  const list = (customerId: string): Promise<TaxResidence[]> =>
    fixture.call('getTaxResidence', { customerId });
  const remove = (customerId: string, taxResidenceId: string): Promise<boolean> =>
    fixture.call('deleteTaxResidence', { customerId, taxResidenceId });

  describe('createTaxResidence', () => {
    it('stores the residence with a new id', async () => {
      const { customerId } = await fixture.createCustomer();
      const created = await create(customerId, 'GB', 'AB123456C');
      expect(created).to.deep.include({ customerId, domain: 'GB', taxNumber: 'AB123456C' });
      expect(created.taxResidenceId).to.be.a('string').and.not.equal('');
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(create(randomUUID()), 'OBP-30046', 404);
    });
  });

  describe('getTaxResidence', () => {
    it("lists only the customer's residences, oldest first", async () => {
      const { customerId } = await fixture.createCustomer();
      const first = await create(customerId, 'DE');
      const second = await create(customerId, 'FR');
      await create((await fixture.createCustomer()).customerId);
      expect(await list(customerId)).to.deep.equal([first, second]);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(list(randomUUID()), 'OBP-30046', 404);
    });
  });

  describe('deleteTaxResidence', () => {
    it('deletes the residence once; deleting it again answers OBP-30300 (404)', async () => {
      const { customerId } = await fixture.createCustomer();
      const kept = await create(customerId, 'DE');
      const gone = await create(customerId, 'FR');
      expect(await remove(customerId, gone.taxResidenceId)).to.equal(true);
      expect(await list(customerId)).to.deep.equal([kept]);
      await expectObpError(remove(customerId, gone.taxResidenceId), 'OBP-30300', 404);
    });

    it("answers OBP-30300 (404) for another customer's residence and keeps it", async () => {
      const { customerId } = await fixture.createCustomer();
      const other = await fixture.createCustomer();
      const foreign = await create(other.customerId);
      await expectObpError(remove(customerId, foreign.taxResidenceId), 'OBP-30300', 404);
      expect(await list(other.customerId)).to.deep.equal([foreign]);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(remove(randomUUID(), randomUUID()), 'OBP-30046', 404);
    });
  });
}
