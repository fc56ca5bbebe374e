import { randomInt, randomUUID } from 'node:crypto';
import type { CreditLimitRequest } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

const referenceAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `CLR-` and six random uppercase letters or digits: short enough to read out on the phone. */
function shortReference(): string {
  let reference = 'CLR-';
  for (let i = 0; i < 6; i++) reference += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return reference;
}

/**
 * Credit limit requests. OBP answered these endpoints with fixed sample data; here a request is
 * stored as received, with the requested amounts as the ranked amounts until the bank decides.
 */
export function creditLimitRequestHandlers(
  state: MemoryState,
): HandlerGroup<
  'createCreditLimitRequest' | 'getCreditLimitRequests' | 'getCreditLimitRequestByRequestId'
> {
  return {
    createCreditLimitRequest: syncHandler((args) => {
      state.requireCustomerAtBank(args.customerId, args.bankId);
      const request: CreditLimitRequest = {
        ...copyOf(args),
        creditLimitRequestId: randomUUID(),
        shortReference: shortReference(),
        status: 'REQUESTED',
        rankAmount1: args.requestedCurrentRateAmount1,
        nominalInterest1: '',
        rankAmount2: args.requestedCurrentRateAmount2,
        nominalInterest2: '',
        createdAt: state.now(),
      };
      state.creditLimitRequests.set(args.customerId, request.creditLimitRequestId, request);
      return copyOf(request);
    }),

    getCreditLimitRequests: syncHandler(({ bankId, customerId }) =>
      state.creditLimitRequests
        .list(customerId)
        .filter((request) => request.bankId === bankId)
        .sort(byTime((request) => request.createdAt))
        .map((request) => copyOf(request)),
    ),

    getCreditLimitRequestByRequestId: syncHandler(
      ({ bankId, customerId, creditLimitRequestId }) => {
        const request = state.creditLimitRequests.get(customerId, creditLimitRequestId);
        if (!request || request.bankId !== bankId) {
          throw new AdapterError(
            'ResourceDoesNotExist',
            'The customer has no credit limit request with that id.',
          );
        }
        return copyOf(request);
      },
    ),
  };
}
