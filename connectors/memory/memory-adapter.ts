import type { Adapter, MethodHandlers } from '../../src/adapter/index.js';
import { adapterInfoHandlers } from './adapter-info-handlers.js';
import { bankHandlers } from './bank-handlers.js';
import { creditLimitRequestHandlers } from './credit-limit-request-handlers.js';
import { crmEventHandlers } from './crm-event-handlers.js';
import { customerAddressHandlers } from './customer-address-handlers.js';
import { customerAttributeHandlers } from './customer-attribute-handlers.js';
import { customerHandlers } from './customer-handlers.js';
import { customerQueryHandlers } from './customer-query-handlers.js';
import { customerUpdateHandlers } from './customer-update-handlers.js';
import { meetingHandlers } from './meeting-handlers.js';
import { MemoryState } from './memory-state.js';
import { seedDemoData } from './seed.js';
import { socialMediaHandlers } from './social-media-handlers.js';
import { taxResidenceHandlers } from './tax-residence-handlers.js';
import { userCustomerLinkHandlers } from './user-customer-link-handlers.js';

export interface MemoryAdapterOptions {
  /** Start with the demo bank `gh.29.uk` and its CRM events (default true). */
  readonly seed?: boolean;
  /** The clock for createdAt / insertDate stamps; tests pass a fixed one. */
  readonly now?: () => Date;
}

/**
 * The `memory` backend adapter: every connector method, backed by maps in this process. It is the
 * default backend for demos and tests and the reference the contract suite is written against;
 * its data is gone when the process stops. Failures are thrown as `AdapterError`s naming catalog
 * entries, which the adapter runtime turns into wire status codes.
 */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): Adapter {
  const state = new MemoryState(options.now ?? (() => new Date()));
  if (options.seed ?? true) seedDemoData(state);
  const handlers = {
    ...bankHandlers(state),
    ...customerHandlers(state),
    ...customerQueryHandlers(state),
    ...customerUpdateHandlers(state),
    ...customerAttributeHandlers(state),
    ...customerAddressHandlers(state),
    ...taxResidenceHandlers(state),
    ...meetingHandlers(state),
    ...socialMediaHandlers(state),
    ...userCustomerLinkHandlers(state),
    ...crmEventHandlers(state),
    ...creditLimitRequestHandlers(state),
    ...adapterInfoHandlers(() => adapter, state.now()),
  } satisfies Required<MethodHandlers>;
  const adapter: Adapter = { name: 'memory', version: '0.1.0', handlers };
  return adapter;
}
