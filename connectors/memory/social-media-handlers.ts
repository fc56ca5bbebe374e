import { randomUUID } from 'node:crypto';
import type { SocialMediaHandle } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

/** Social media handles of a customer, kept at the bank the customer belongs to. */
export function socialMediaHandlers(
  state: MemoryState,
): HandlerGroup<'addSocialMediaHandle' | 'getSocialMediaHandles'> {
  return {
    addSocialMediaHandle: syncHandler((args) => {
      state.requireCustomerAtBank(args.customerId, args.bankId);
      const handle: SocialMediaHandle = {
        ...copyOf(args),
        socialMediaHandleId: randomUUID(),
      };
      state.socialMediaHandles.set(args.customerId, handle.socialMediaHandleId, handle);
      return copyOf(handle);
    }),

    getSocialMediaHandles: syncHandler(({ bankId, customerId }) =>
      state.socialMediaHandles
        .list(customerId)
        .filter((handle) => handle.bankId === bankId)
        .sort(byTime((handle) => handle.dateAdded))
        .map((handle) => copyOf(handle)),
    ),
  };
}
