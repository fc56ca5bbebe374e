import type { BasicLinkedCustomer, Customer } from '../codec/generated/messages.js';
import type { CallContext } from './call-context.js';
import { BoundedMap } from '../store/bounded-map.js';

interface Entry {
  readonly customers: Promise<readonly BasicLinkedCustomer[]>;
  readonly until: number;
  /** Set once the lookup succeeded, so later calls need not wait for a promise. */
  value?: readonly BasicLinkedCustomer[];
}

/** Looks up the customers linked to a user (getCustomersByUserId through the connector). */
export type LinkedCustomerLookup = (userId: string, ctx: CallContext) => Promise<Customer[]>;

/**
 * The customers linked to each user: OBP's `outboundAdapterAuthInfo.linkedCustomers`, which OBP
 * fills on every call of a logged-in user (spec/obp-connector.md §2.3). The core system keeps the
 * links, so they are asked of it (getCustomersByUserId) once per HTTP request, and a found list is
 * reused for `ttlMs` by later requests of the same user; concurrent lookups share one call.
 * A failed lookup is never remembered. `forgetAll()` drops every list after a write that can
 * change one (a link created or deleted, a customer's number or legal name changed) through this
 * process; changes made elsewhere show within `ttlMs`. `ttlMs` 0 keeps lists for one request only.
 */
export class LinkedCustomers {
  private readonly entries: BoundedMap<string, Entry>;
  private readonly perRequest = new WeakMap<CallContext, Entry>();

  constructor(
    private readonly lookup: LinkedCustomerLookup,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    maxUsers = 10_000,
  ) {
    this.entries = new BoundedMap(maxUsers);
  }

  /** The list for `userId`, the user of `ctx`: at once when known, else the pending lookup. */
  of(
    userId: string,
    ctx: CallContext,
  ): readonly BasicLinkedCustomer[] | Promise<readonly BasicLinkedCustomer[]> {
    const now = this.now();
    let entry = this.perRequest.get(ctx);
    if (entry === undefined) {
      const cached = this.entries.get(userId);
      entry = cached && cached.until > now ? cached : this.start(userId, ctx, now);
      this.perRequest.set(ctx, entry);
    }
    return entry.value ?? entry.customers;
  }

  /** Drops every remembered list (after a write that may change one). */
  forgetAll(): void {
    this.entries.clear();
  }

  private start(userId: string, ctx: CallContext, now: number): Entry {
    const entry: { -readonly [K in keyof Entry]: Entry[K] } = {
      until: now + this.ttlMs,
      customers: this.lookup(userId, ctx).then((customers) => {
        const list = customers.map(({ customerId, number, legalName }) => ({
          customerId,
          customerNumber: number,
          legalName,
        }));
        entry.value = list;
        return list;
      }),
    };
    if (this.ttlMs > 0) {
      this.entries.delete(userId);
      this.entries.set(userId, entry);
      entry.customers.catch(() => {
        if (this.entries.get(userId) === entry) this.entries.delete(userId);
      });
    }
    return entry;
  }
}
