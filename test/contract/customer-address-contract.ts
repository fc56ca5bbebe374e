import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { CustomerAddress } from '../../src/codec/generated/messages.js';
import type { ArgsOf } from '../../src/codec/message-types.js';
import { nextMillisecond, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

type AddressFields = Omit<ArgsOf<'createCustomerAddress'>, 'customerId'>;

const address: AddressFields = {
  line1: '5 Jazz Street',
  line2: 'Flat 2',
  line3: '',
  city: 'Berlin',
  county: '',
  state: 'Berlin',
  postcode: '10117',
  countryCode: 'DE',
  tags: ['mailing', 'home'],
  // Stored exactly as sent: OBP overwrote status with state.
  status: 'primary, since 2020',
};

const movedAddress: AddressFields = {
  line1: '1 Canal Road',
  line2: '',
  line3: 'Rear building',
  city: 'Leeds',
  county: 'West Yorkshire',
  state: 'England',
  postcode: 'LS1 4AB',
  countryCode: 'GB',
  tags: [],
  status: 'INACTIVE',
};

/** createCustomerAddress, getCustomerAddress, updateCustomerAddress, deleteCustomerAddress. */
export function describeCustomerAddressContract(fixture: ContractFixture): void {
  const create = (customerId: string, fields = address): Promise<CustomerAddress> =>
    fixture.call('createCustomerAddress', { customerId, ...fields });
  const list = (customerId: string): Promise<CustomerAddress[]> =>
    fixture.call('getCustomerAddress', { customerId });
  const update = (customerId: string, customerAddressId: string): Promise<CustomerAddress> =>
    fixture.call('updateCustomerAddress', { customerId, customerAddressId, ...movedAddress });
  const remove = (customerId: string, customerAddressId: string): Promise<boolean> =>
    fixture.call('deleteCustomerAddress', { customerId, customerAddressId });

  describe('createCustomerAddress', () => {
    it('stores the fields as sent, with a new id and insertDate', async () => {
      const { customerId } = await fixture.createCustomer();
      const created = await create(customerId);
      expect(created).to.deep.include({ customerId, ...address });
      expect(created.customerAddressId).to.be.a('string').and.not.equal('');
      expect(created.insertDate).to.be.instanceOf(Date);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(create(randomUUID()), 'OBP-30046', 404);
    });
  });

  describe('getCustomerAddress', () => {
    it("lists only the customer's addresses, oldest first", async () => {
      const { customerId } = await fixture.createCustomer();
      const first = await create(customerId);
      await nextMillisecond();
      const second = await create(customerId, movedAddress);
      await create((await fixture.createCustomer()).customerId);
      expect(await list(customerId)).to.deep.equal([first, second]);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(list(randomUUID()), 'OBP-30046', 404);
    });
  });

  describe('updateCustomerAddress', () => {
    it('replaces every field but the id and insertDate', async () => {
      const { customerId } = await fixture.createCustomer();
      const created = await create(customerId);
      await nextMillisecond();
      const updated = await update(customerId, created.customerAddressId);
      expect(updated).to.deep.equal({
        ...movedAddress,
        customerId,
        customerAddressId: created.customerAddressId,
        insertDate: created.insertDate,
      });
      expect(await list(customerId)).to.deep.equal([updated]);
    });

    it("answers OBP-30310 (404) for an unknown id or another customer's address", async () => {
      const { customerId } = await fixture.createCustomer();
      const other = await fixture.createCustomer();
      const foreign = await create(other.customerId);
      for (const id of [randomUUID(), foreign.customerAddressId]) {
        await expectObpError(update(customerId, id), 'OBP-30310', 404);
      }
      expect(await list(other.customerId)).to.deep.equal([foreign]);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(update(randomUUID(), randomUUID()), 'OBP-30046', 404);
    });
  });

  describe('deleteCustomerAddress', () => {
    it('deletes the address once; deleting it again answers OBP-30310 (404)', async () => {
      const { customerId } = await fixture.createCustomer();
      const kept = await create(customerId);
      const gone = await create(customerId, movedAddress);
      expect(await remove(customerId, gone.customerAddressId)).to.equal(true);
      expect(await list(customerId)).to.deep.equal([kept]);
      await expectObpError(remove(customerId, gone.customerAddressId), 'OBP-30310', 404);
    });

    it("answers OBP-30310 (404) for another customer's address and keeps it", async () => {
      const { customerId } = await fixture.createCustomer();
      const other = await fixture.createCustomer();
      const foreign = await create(other.customerId);
      await expectObpError(remove(customerId, foreign.customerAddressId), 'OBP-30310', 404);
      expect(await list(other.customerId)).to.deep.equal([foreign]);
    });

    it('answers OBP-30046 (404) for an unknown customer', async () => {
      await expectObpError(remove(randomUUID(), randomUUID()), 'OBP-30046', 404);
    });
  });
}
