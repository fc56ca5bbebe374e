import { expect } from 'chai';
import type { AttributeFilter, Customer } from '../../src/codec/generated/messages.js';
import type { ArgsOf } from '../../src/codec/message-types.js';
import {
  demoBankId,
  nextMillisecond,
  uniqueToken,
  type ContractFixture,
} from './contract-fixture.js';

/**
 * getCustomers: bank, date-range and attribute filters, sorting, paging. Other tests add
 * customers concurrently, so every query is scoped by an attribute unique to this run.
 */
export function describeCustomerListContract(fixture: ContractFixture): void {
  describe('getCustomers', () => {
    const run: AttributeFilter = { name: 'CONTRACT_RUN', value: uniqueToken() };
    let a: Customer, b: Customer, c: Customer, atOtherBank: Customer;

    before(async () => {
      const create = async (bankId: string, tier: string): Promise<Customer> => {
        const customer = await fixture.createCustomer({ bankId });
        for (const [name, value] of [
          [run.name, run.value],
          ['TIER', tier],
        ] as const) {
          await fixture.call('createOrUpdateCustomerAttribute', {
            bankId,
            customerId: customer.customerId,
            customerAttributeId: null,
            name,
            attributeType: 'STRING',
            value,
          });
        }
        // Distinct createdAt instants, so the expected order is unambiguous.
        await nextMillisecond();
        return customer;
      };
      a = await create(demoBankId, 'gold');
      b = await create(demoBankId, 'silver');
      c = await create(demoBankId, 'gold');
      atOtherBank = await create(fixture.otherBankId, 'gold');
    });

    const list = async (query: Partial<ArgsOf<'getCustomers'>> = {}): Promise<string[]> => {
      const customers = await fixture.call('getCustomers', {
        bankId: demoBankId,
        limit: 100,
        offset: 0,
        fromDate: null,
        toDate: null,
        sortDirection: 'ASC',
        attributeFilters: [run],
        ...query,
      });
      return customers.map((customer) => customer.customerId);
    };
    const idsOf = (...customers: Customer[]): string[] => customers.map((x) => x.customerId);
    const shifted = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

    it('returns whole customers, oldest first for ASC', async () => {
      const [first] = await fixture.call('getCustomers', {
        bankId: demoBankId,
        limit: 1,
        offset: 0,
        fromDate: null,
        toDate: null,
        sortDirection: 'ASC',
        attributeFilters: [run],
      });
      expect(first).to.deep.equal(a);
      expect(await list()).to.deep.equal(idsOf(a, b, c));
    });

    it('sorts newest first for DESC', async () => {
      expect(await list({ sortDirection: 'DESC' })).to.deep.equal(idsOf(c, b, a));
    });

    it('lists every bank when bankId is null, and only that bank otherwise', async () => {
      expect(await list({ bankId: null })).to.deep.equal(idsOf(a, b, c, atOtherBank));
      expect(await list({ bankId: fixture.otherBankId })).to.deep.equal(idsOf(atOtherBank));
    });

    it('requires every attribute filter to match', async () => {
      const gold = { name: 'TIER', value: 'gold' };
      expect(await list({ attributeFilters: [run, gold] })).to.deep.equal(idsOf(a, c));
      expect(await list({ attributeFilters: [run, { name: 'TIER', value: 'platinum' }] })).to.be
        .empty;
      expect(await list({ attributeFilters: [run, { name: 'NO_SUCH', value: 'gold' }] })).to.be
        .empty;
    });

    it('applies offset after sorting, then limit', async () => {
      expect(await list({ offset: 1, limit: 1 })).to.deep.equal(idsOf(b));
      expect(await list({ offset: 2, limit: 5 })).to.deep.equal(idsOf(c));
      expect(await list({ offset: 0, limit: 2, sortDirection: 'DESC' })).to.deep.equal(idsOf(c, b));
      expect(await list({ offset: 3 })).to.be.empty;
    });

    it('treats fromDate and toDate as inclusive bounds on createdAt', async () => {
      const at = b.createdAt;
      expect(await list({ fromDate: at, toDate: at })).to.deep.equal(idsOf(b));
      expect(await list({ fromDate: at })).to.deep.equal(idsOf(b, c));
      expect(await list({ toDate: at })).to.deep.equal(idsOf(a, b));
      expect(await list({ fromDate: shifted(at, 1) })).to.deep.equal(idsOf(c));
      expect(await list({ toDate: shifted(at, -1) })).to.deep.equal(idsOf(a));
    });
  });
}
