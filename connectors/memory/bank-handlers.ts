import type { Bank } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';

/** getBank, getBanks and createOrUpdateBank over the memory store. */
export function bankHandlers(
  state: MemoryState,
): HandlerGroup<'getBank' | 'getBanks' | 'createOrUpdateBank'> {
  return {
    getBank: syncHandler(({ bankId }) => copyOf(state.requireBank(bankId))),

    getBanks: syncHandler(() =>
      [...state.banks.values()]
        .sort((a, b) => (a.bankId < b.bankId ? -1 : a.bankId > b.bankId ? 1 : 0))
        .map((bank) => copyOf(bank)),
    ),

    createOrUpdateBank: syncHandler((args) => {
      const bank: Bank = copyOf(args);
      state.banks.set(bank.bankId, bank);
      return copyOf(bank);
    }),
  };
}
