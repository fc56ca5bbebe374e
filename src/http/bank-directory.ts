import type { Bank } from '../codec/generated/messages.js';
import type { CallContext } from '../connector/call-context.js';
import type { Connector } from '../connector/connector.js';
import { BoundedMap } from '../store/bounded-map.js';

interface Entry {
  readonly bank: Promise<Bank>;
  readonly until: number;
}

/**
 * The banks the backend knows, remembered for a short time. Almost every endpoint first checks
 * that BANK_ID exists (OBP calls getBank each time); banks change rarely, so a found bank is
 * reused for `ttlMs` and concurrent lookups of one bank share a single call. A missing bank is
 * never remembered, so a new bank is visible at once; a bank changed through this gateway is
 * forgotten at once, and one changed elsewhere within `ttlMs`. `ttlMs` 0 disables the cache.
 */
export class BankDirectory {
  private readonly entries = new BoundedMap<string, Entry>(10_000);

  constructor(
    private readonly connector: Connector,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The bank, or the connector's error (404 OBP-30001 for an unknown bank). */
  get(bankId: string, ctx: CallContext): Promise<Bank> {
    const now = this.now();
    const cached = this.entries.get(bankId);
    if (cached && cached.until > now) return cached.bank;
    const bank = this.connector.call('getBank', { bankId }, ctx);
    if (this.ttlMs > 0) {
      this.entries.set(bankId, { bank, until: now + this.ttlMs });
      bank.catch(() => this.entries.delete(bankId));
    }
    return bank;
  }

  /** Forgets a bank this gateway just changed. */
  forget(bankId: string): void {
    this.entries.delete(bankId);
  }
}
