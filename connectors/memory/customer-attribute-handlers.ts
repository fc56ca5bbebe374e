import { randomUUID } from 'node:crypto';
import type { CustomerAttribute } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';

/** Customer attributes: names are unique per customer, so creating a known name updates it. */
export function customerAttributeHandlers(
  state: MemoryState,
): HandlerGroup<'getCustomerAttributes' | 'createOrUpdateCustomerAttribute'> {
  return {
    getCustomerAttributes: syncHandler(({ bankId, customerId }) => {
      state.requireCustomerAtBank(customerId, bankId);
      return state.customerAttributes
        .list(customerId)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((attribute) => copyOf(attribute));
    }),

    createOrUpdateCustomerAttribute: syncHandler((args) => {
      const customer = state.requireCustomerAtBank(args.customerId, args.bankId);
      const existing =
        args.customerAttributeId === null
          ? state.customerAttributes
              .list(customer.customerId)
              .find((attribute) => attribute.name === args.name)
          : state.customerAttributes.get(customer.customerId, args.customerAttributeId);
      if (args.customerAttributeId !== null && !existing) {
        throw new AdapterError(
          'CustomerAttributeNotFound',
          'The customer has no attribute with that CUSTOMER_ATTRIBUTE_ID.',
        );
      }
      const attribute: CustomerAttribute = {
        customerAttributeId: existing?.customerAttributeId ?? randomUUID(),
        bankId: customer.bankId,
        customerId: customer.customerId,
        name: args.name,
        attributeType: args.attributeType,
        value: args.value,
      };
      // Names are unique per customer: renaming onto another attribute's name replaces that one.
      for (const other of state.customerAttributes.list(customer.customerId)) {
        if (
          other.name === args.name &&
          other.customerAttributeId !== attribute.customerAttributeId
        ) {
          state.customerAttributes.delete(customer.customerId, other.customerAttributeId);
        }
      }
      state.customerAttributes.set(customer.customerId, attribute.customerAttributeId, attribute);
      return copyOf(attribute);
    }),
  };
}
