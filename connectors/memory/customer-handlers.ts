import { randomUUID } from 'node:crypto';
import type { Customer } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { generateCustomerNumber } from './customer-number.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';

/** Creating customers and reading one customer, by id or by number. */
export function customerHandlers(
  state: MemoryState,
): HandlerGroup<
  | 'createCustomer'
  | 'checkCustomerNumberAvailable'
  | 'getCustomerByCustomerId'
  | 'getCustomerByCustomerNumber'
> {
  return {
    createCustomer: syncHandler(({ customerNumber, ...fields }) => {
      state.requireBank(fields.bankId);
      const isTaken = (n: string): boolean =>
        state.customerByNumber(fields.bankId, n) !== undefined;
      if (customerNumber !== null && isTaken(customerNumber)) {
        throw new AdapterError(
          'CustomerNumberAlreadyExists',
          `The customer number is taken at bank ${fields.bankId}.`,
        );
      }
      const customer: Customer = {
        ...copyOf(fields),
        customerId: randomUUID(),
        number: customerNumber ?? generateCustomerNumber(isTaken),
        createdAt: state.now(),
      };
      state.addCustomer(customer);
      return copyOf(customer);
    }),

    checkCustomerNumberAvailable: syncHandler(
      ({ bankId, customerNumber }) => state.customerByNumber(bankId, customerNumber) === undefined,
    ),

    getCustomerByCustomerId: syncHandler(({ customerId }) =>
      copyOf(state.requireCustomer(customerId)),
    ),

    getCustomerByCustomerNumber: syncHandler(({ bankId, customerNumber }) => {
      const customer = state.customerByNumber(bankId, customerNumber);
      if (!customer) {
        throw new AdapterError(
          'CustomerNotFound',
          `No customer with that number at bank ${bankId}.`,
        );
      }
      return copyOf(customer);
    }),
  };
}
