import { randomUUID } from 'node:crypto';
import type { TaxResidence } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';

/** Tax residences of a customer, listed in the order they were added (they carry no date). */
export function taxResidenceHandlers(
  state: MemoryState,
): HandlerGroup<'createTaxResidence' | 'getTaxResidence' | 'deleteTaxResidence'> {
  return {
    createTaxResidence: syncHandler((args) => {
      state.requireCustomer(args.customerId);
      const residence: TaxResidence = { ...copyOf(args), taxResidenceId: randomUUID() };
      state.taxResidences.set(args.customerId, residence.taxResidenceId, residence);
      return copyOf(residence);
    }),

    getTaxResidence: syncHandler(({ customerId }) => {
      state.requireCustomer(customerId);
      return state.taxResidences.list(customerId).map((residence) => copyOf(residence));
    }),

    deleteTaxResidence: syncHandler(({ customerId, taxResidenceId }) => {
      state.requireCustomer(customerId);
      if (!state.taxResidences.delete(customerId, taxResidenceId)) {
        throw new AdapterError(
          'TaxResidenceNotFound',
          'The customer has no tax residence with that TAX_RESIDENCE_ID.',
        );
      }
      return true;
    }),
  };
}
