import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { CustomerAttribute } from '../../src/codec/generated/messages.js';
import type { ArgsOf } from '../../src/codec/message-types.js';
import { demoBankId, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

/** getCustomerAttributes, createOrUpdateCustomerAttribute. */
export function describeCustomerAttributeContract(fixture: ContractFixture): void {
  const write = (
    customerId: string,
    name: string,
    value: string,
    more: Partial<ArgsOf<'createOrUpdateCustomerAttribute'>> = {},
  ): Promise<CustomerAttribute> =>
    fixture.call('createOrUpdateCustomerAttribute', {
      bankId: demoBankId,
      customerId,
      customerAttributeId: null,
      name,
      attributeType: 'STRING',
      value,
      ...more,
    });
  const read = (customerId: string, bankId = demoBankId): Promise<CustomerAttribute[]> =>
    fixture.call('getCustomerAttributes', { bankId, customerId });

  describe('createOrUpdateCustomerAttribute', () => {
    it('creates an attribute with a new id', async () => {
      const { customerId } = await fixture.createCustomer();
      const attribute = await write(customerId, 'SPECIAL_TAX_NUMBER', '123456789', {
        attributeType: 'INTEGER',
      });
      expect(attribute).to.deep.include({
        bankId: demoBankId,
        customerId,
        name: 'SPECIAL_TAX_NUMBER',
        attributeType: 'INTEGER',
        value: '123456789',
      });
      expect(attribute.customerAttributeId).to.be.a('string').and.not.equal('');
    });

    it('updates the attribute of the same name when created again', async () => {
      const { customerId } = await fixture.createCustomer();
      const first = await write(customerId, 'TIER', 'gold');
      const second = await write(customerId, 'TIER', 'silver');
      expect(second).to.deep.equal({ ...first, value: 'silver' });
      expect(await read(customerId)).to.deep.equal([second]);
    });

    it('updates the attribute given by id', async () => {
      const { customerId } = await fixture.createCustomer();
      const created = await write(customerId, 'SINCE', '2020-01-01');
      const updated = await write(customerId, 'SINCE', '2021-02-02', {
        customerAttributeId: created.customerAttributeId,
        attributeType: 'DATE_WITH_DAY',
      });
      expect(updated).to.deep.equal({
        ...created,
        value: '2021-02-02',
        attributeType: 'DATE_WITH_DAY',
      });
      expect(await read(customerId)).to.deep.equal([updated]);
    });

    it("answers OBP-30069 (400) for an unknown id or another customer's attribute", async () => {
      const { customerId } = await fixture.createCustomer();
      const other = await fixture.createCustomer();
      const foreign = await write(other.customerId, 'TIER', 'gold');
      for (const customerAttributeId of [randomUUID(), foreign.customerAttributeId]) {
        await expectObpError(
          write(customerId, 'TIER', 'silver', { customerAttributeId }),
          'OBP-30069',
          400,
        );
      }
      expect(await read(other.customerId)).to.deep.equal([foreign]);
    });

    it('answers OBP-30046 (404) for an unknown customer or one of another bank', async () => {
      await expectObpError(write(randomUUID(), 'TIER', 'gold'), 'OBP-30046', 404);
      const { customerId } = await fixture.createCustomer();
      await expectObpError(
        write(customerId, 'TIER', 'gold', { bankId: fixture.otherBankId }),
        'OBP-30046',
        404,
      );
    });
  });

  describe('getCustomerAttributes', () => {
    it("lists the customer's attributes by name", async () => {
      const { customerId } = await fixture.createCustomer();
      const b = await write(customerId, 'B_NAME', '2');
      const a = await write(customerId, 'A_NAME', '1');
      const c = await write(customerId, 'C_NAME', '3');
      await write((await fixture.createCustomer()).customerId, 'A_NAME', 'not mine');
      expect(await read(customerId)).to.deep.equal([a, b, c]);
    });

    it('answers an empty list for a customer without attributes', async () => {
      const { customerId } = await fixture.createCustomer();
      expect(await read(customerId)).to.deep.equal([]);
    });

    it('answers OBP-30046 (404) for an unknown customer or one of another bank', async () => {
      await expectObpError(read(randomUUID()), 'OBP-30046', 404);
      const { customerId } = await fixture.createCustomer();
      await expectObpError(read(customerId, fixture.otherBankId), 'OBP-30046', 404);
    });
  });
}
