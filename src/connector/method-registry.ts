import type { MethodName } from '../codec/message-types.js';
import { methodVersions } from '../codec/generated/messages.js';

/** Reads may be retried and are never deduplicated; writes travel with an idempotency key. */
export type MethodKind = 'read' | 'write';

/** What the registry knows about one connector method besides its schemas. */
export interface MethodInfo {
  readonly kind: MethodKind;
  readonly group: string;
  /**
   * A write that creates an entity whose id the adapter draws: no other message can name it
   * yet, so its messages need no order among themselves (see {@link keepsKeyOrder}).
   */
  readonly createsUnnamed?: true;
  /**
   * A write that can change which customers a user is linked to, or their number or legal name:
   * the users' `linkedCustomers` the gateway remembers are dropped after it.
   */
  readonly changesLinkedCustomers?: true;
}

/**
 * The catalog of connector methods (DESIGN.md "Connector methods"): every method with its kind
 * and group. Its schemas are `schemas/methods/<method>/v<N>/`, its TypeScript types come from
 * `MethodMessages` (generated), its current version from `methodVersions`, and the OBP endpoints
 * that use it from the endpoint table (`http/endpoint-table.ts`). A test keeps all four in step.
 */
export const methodRegistry = {
  getBank: { kind: 'read', group: 'bank' },
  getBanks: { kind: 'read', group: 'bank' },
  createOrUpdateBank: { kind: 'write', group: 'bank' },
  createCustomer: { kind: 'write', group: 'customer', createsUnnamed: true },
  checkCustomerNumberAvailable: { kind: 'read', group: 'customer' },
  getCustomerByCustomerId: { kind: 'read', group: 'customer' },
  getCustomerByCustomerNumber: { kind: 'read', group: 'customer' },
  getCustomersByUserId: { kind: 'read', group: 'customer' },
  getCustomers: { kind: 'read', group: 'customer' },
  getCustomersByCustomerPhoneNumber: { kind: 'read', group: 'customer' },
  updateCustomerScaData: { kind: 'write', group: 'customer', changesLinkedCustomers: true },
  updateCustomerCreditData: { kind: 'write', group: 'customer' },
  updateCustomerGeneralData: { kind: 'write', group: 'customer', changesLinkedCustomers: true },
  getCustomerAttributes: { kind: 'read', group: 'customer attributes' },
  createOrUpdateCustomerAttribute: { kind: 'write', group: 'customer attributes' },
  createCustomerAddress: { kind: 'write', group: 'address' },
  getCustomerAddress: { kind: 'read', group: 'address' },
  updateCustomerAddress: { kind: 'write', group: 'address' },
  deleteCustomerAddress: { kind: 'write', group: 'address' },
  createTaxResidence: { kind: 'write', group: 'tax residence' },
  getTaxResidence: { kind: 'read', group: 'tax residence' },
  deleteTaxResidence: { kind: 'write', group: 'tax residence' },
  createMeeting: { kind: 'write', group: 'meeting' },
  getMeetings: { kind: 'read', group: 'meeting' },
  getMeeting: { kind: 'read', group: 'meeting' },
  addSocialMediaHandle: { kind: 'write', group: 'social media' },
  getSocialMediaHandles: { kind: 'read', group: 'social media' },
  createUserCustomerLink: {
    kind: 'write',
    group: 'user-customer link',
    changesLinkedCustomers: true,
  },
  getUserCustomerLinksByUserId: { kind: 'read', group: 'user-customer link' },
  getUserCustomerLinksByCustomerId: { kind: 'read', group: 'user-customer link' },
  deleteUserCustomerLink: {
    kind: 'write',
    group: 'user-customer link',
    changesLinkedCustomers: true,
  },
  getCrmEvents: { kind: 'read', group: 'CRM' },
  createCreditLimitRequest: { kind: 'write', group: 'credit limit' },
  getCreditLimitRequests: { kind: 'read', group: 'credit limit' },
  getCreditLimitRequestByRequestId: { kind: 'read', group: 'credit limit' },
  getAdapterInfo: { kind: 'read', group: 'adapter' },
} as const satisfies Record<MethodName, MethodInfo>;

/** Every method name, in registry order. */
export const methodNames = Object.keys(methodRegistry) as MethodName[];

/** The current message version of `method`. */
export function currentVersion(method: MethodName): number {
  return methodVersions[method];
}

/**
 * Whether an adapter must run this method's messages of one key in the order they were sent:
 * writes do, except those creating an entity no other message can name yet (createCustomer is
 * keyed by bank alone); reads change nothing and may run concurrently.
 */
export function keepsKeyOrder(method: MethodName): boolean {
  const info: MethodInfo = methodRegistry[method];
  return info.kind === 'write' && info.createsUnnamed !== true;
}

/** Whether a call of `method` can change some user's linked customers (see MethodInfo). */
export function changesLinkedCustomers(method: MethodName): boolean {
  const info: MethodInfo = methodRegistry[method];
  return info.changesLinkedCustomers === true;
}

/** True for a known method name (e.g. one read from a message header). */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methodRegistry, name);
}
