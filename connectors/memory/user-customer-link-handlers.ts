import { randomUUID } from 'node:crypto';
import type { UserCustomerLink } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

/** Links between gateway users and customers; at most one link per (user, customer) pair. */
export function userCustomerLinkHandlers(
  state: MemoryState,
): HandlerGroup<
  | 'createUserCustomerLink'
  | 'getUserCustomerLinksByUserId'
  | 'getUserCustomerLinksByCustomerId'
  | 'deleteUserCustomerLink'
> {
  const linksWhere = (keep: (link: UserCustomerLink) => boolean): UserCustomerLink[] =>
    [...state.userCustomerLinks.values()]
      .filter(keep)
      .sort(byTime((link) => link.dateInserted))
      .map((link) => copyOf(link));

  return {
    createUserCustomerLink: syncHandler((args) => {
      const customer = state.requireCustomer(args.customerId);
      if (customer.bankId !== args.bankId) {
        throw new AdapterError(
          'InvalidCustomerBankId',
          `The customer is not at bank ${args.bankId}.`,
        );
      }
      for (const link of state.userCustomerLinks.values()) {
        if (link.userId === args.userId && link.customerId === args.customerId) {
          throw new AdapterError(
            'CustomerAlreadyExistsForUser',
            'The user is already linked to this customer.',
          );
        }
      }
      const link: UserCustomerLink = { ...copyOf(args), userCustomerLinkId: randomUUID() };
      state.userCustomerLinks.set(link.userCustomerLinkId, link);
      return copyOf(link);
    }),

    getUserCustomerLinksByUserId: syncHandler(({ userId }) =>
      linksWhere((link) => link.userId === userId),
    ),

    getUserCustomerLinksByCustomerId: syncHandler(({ customerId }) =>
      linksWhere((link) => link.customerId === customerId),
    ),

    deleteUserCustomerLink: syncHandler(({ bankId, userCustomerLinkId }) => {
      const link = state.userCustomerLinks.get(userCustomerLinkId);
      if (link === undefined || link.bankId !== bankId) {
        throw new AdapterError(
          'UserCustomerLinkNotFound',
          'No user-customer link with that USER_CUSTOMER_LINK_ID at that bank.',
        );
      }
      state.userCustomerLinks.delete(userCustomerLinkId);
      return true;
    }),
  };
}
