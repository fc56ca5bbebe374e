import type { Customer, CustomerAttribute } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { compileLikePattern } from './like-pattern.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

/** The customer searches: by linked user, the paged list, and by phone-number pattern. */
export function customerQueryHandlers(
  state: MemoryState,
): HandlerGroup<'getCustomersByUserId' | 'getCustomers' | 'getCustomersByCustomerPhoneNumber'> {
  return {
    getCustomersByUserId: syncHandler(({ userId }) =>
      [...state.userCustomerLinks.values()]
        .filter((link) => link.userId === userId && link.isActive)
        .sort(byTime((link) => link.dateInserted))
        .flatMap((link) => state.customers.get(link.customerId) ?? [])
        .map((customer) => copyOf(customer)),
    ),

    getCustomers: syncHandler((query) => {
      const from = query.fromDate?.getTime() ?? -Infinity;
      const to = query.toDate?.getTime() ?? Infinity;
      const direction = query.sortDirection === 'DESC' ? -1 : 1;
      return [...state.customers.values()]
        .filter(
          (customer) =>
            (query.bankId === null || customer.bankId === query.bankId) &&
            customer.createdAt.getTime() >= from &&
            customer.createdAt.getTime() <= to &&
            matchesEveryFilter(state.customerAttributes.list(customer.customerId), query),
        )
        .sort((a, b) => direction * compareCreation(a, b))
        .slice(query.offset, query.offset + query.limit)
        .map((customer) => copyOf(customer));
    }),

    getCustomersByCustomerPhoneNumber: syncHandler(({ bankId, phoneNumber }) => {
      const pattern = compileLikePattern(phoneNumber);
      return state
        .customersOfBank(bankId)
        .filter((customer) => pattern.test(customer.mobileNumber))
        .map((customer) => copyOf(customer));
    }),
  };
}

function matchesEveryFilter(
  attributes: CustomerAttribute[],
  query: { attributeFilters: { name: string; value: string }[] },
): boolean {
  return query.attributeFilters.every((filter) =>
    attributes.some((a) => a.name === filter.name && a.value === filter.value),
  );
}

/** getCustomers' order: createdAt, then customerId so that equal instants page stably. */
function compareCreation(a: Customer, b: Customer): number {
  const byDate = a.createdAt.getTime() - b.createdAt.getTime();
  if (byDate !== 0) return byDate;
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}
