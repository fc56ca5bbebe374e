import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

/** CRM events are read-only: the memory adapter only has the events it was seeded with. */
export function crmEventHandlers(state: MemoryState): HandlerGroup<'getCrmEvents'> {
  return {
    getCrmEvents: syncHandler(({ bankId }) =>
      state.crmEvents
        .list(bankId)
        .sort(byTime((event) => event.scheduledDate))
        .map((event) => copyOf(event)),
    ),
  };
}
