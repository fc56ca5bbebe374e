import { randomUUID } from 'node:crypto';
import type { CustomerAddress } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

/** Customer addresses. The status is stored as the client sent it (OBP overwrote it with state). */
export function customerAddressHandlers(
  state: MemoryState,
): HandlerGroup<
  'createCustomerAddress' | 'getCustomerAddress' | 'updateCustomerAddress' | 'deleteCustomerAddress'
> {
  const requireAddress = (customerId: string, customerAddressId: string): CustomerAddress => {
    const address = state.customerAddresses.get(customerId, customerAddressId);
    if (!address) throw addressNotFound();
    return address;
  };

  return {
    createCustomerAddress: syncHandler((args) => {
      state.requireCustomer(args.customerId);
      const address: CustomerAddress = {
        ...copyOf(args),
        customerAddressId: randomUUID(),
        insertDate: state.now(),
      };
      state.customerAddresses.set(args.customerId, address.customerAddressId, address);
      return copyOf(address);
    }),

    getCustomerAddress: syncHandler(({ customerId }) => {
      state.requireCustomer(customerId);
      return state.customerAddresses
        .list(customerId)
        .sort(byTime((address) => address.insertDate))
        .map((address) => copyOf(address));
    }),

    updateCustomerAddress: syncHandler((args) => {
      state.requireCustomer(args.customerId);
      const { insertDate } = requireAddress(args.customerId, args.customerAddressId);
      const address: CustomerAddress = { ...copyOf(args), insertDate };
      state.customerAddresses.set(args.customerId, address.customerAddressId, address);
      return copyOf(address);
    }),

    deleteCustomerAddress: syncHandler(({ customerId, customerAddressId }) => {
      state.requireCustomer(customerId);
      if (!state.customerAddresses.delete(customerId, customerAddressId)) throw addressNotFound();
      return true;
    }),
  };
}

function addressNotFound(): AdapterError {
  return new AdapterError(
    'CustomerAddressNotFound',
    'The customer has no address with that CUSTOMER_ADDRESS_ID.',
  );
}
