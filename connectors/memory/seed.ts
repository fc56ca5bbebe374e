import { demoBank, demoBankId, demoCrmEvents } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import type { MemoryState } from './memory-state.js';

/**
 * Fills a fresh memory store with the demo bank and a few CRM events at it. getCrmEvents has no
 * write method, so without these events the endpoint could only ever answer an empty list. No
 * customers are seeded: every customer a demo shows was created through the API.
 */
export function seedDemoData(state: MemoryState): void {
  state.banks.set(demoBankId, copyOf(demoBank));
  const now = state.now().getTime();
  for (const event of demoCrmEvents(now)) state.crmEvents.set(demoBankId, event.crmEventId, event);
}
