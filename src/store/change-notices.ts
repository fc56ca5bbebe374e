import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { GatewayStore } from './gateway-store.js';
import type { SqlClient } from './sql-client.js';

/** A change to what gateway processes cache, made by one of them (or by the admin CLI). */
export type StoreChange =
  | { readonly kind: 'roles'; readonly userId: string }
  | { readonly kind: 'tokensRevoked'; readonly tokenIds: readonly string[] }
  | { readonly kind: 'linkedCustomers' };

/** Token ids per notice: PostgreSQL limits a payload to 8,000 bytes. */
const tokenIdsPerNotice = 100;

/**
 * Tells every gateway process on the same PostgreSQL store of changes to what they cache
 * (roles, revoked tokens, linked customers), through LISTEN/NOTIFY, so that another instance —
 * or the admin CLI — is heard within milliseconds instead of a cache's TTL. The channel is
 * derived from the store's token signing secret, so gateways on other stores (another schema of
 * the same database) do not hear each other. A process ignores its own notices. On embedded
 * PGlite (one process) nothing is sent or heard.
 */
export class ChangeNotices {
  private readonly origin = randomUUID();
  private stopListening: (() => Promise<void>) | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  /** The notices of `store`, on its channel. */
  static async forStore(store: GatewayStore, logger: Logger): Promise<ChangeNotices> {
    return new ChangeNotices(
      store.sql,
      ChangeNotices.channelFor(await store.tokenSigningSecret()),
      logger,
    );
  }

  /** The channel of the store whose token signing secret is `secret`. */
  static channelFor(secret: string): string {
    return `southgate_${createHash('sha256').update(`changes:${secret}`).digest('hex').slice(0, 32)}`;
  }

  /** Whether notices reach other processes on this store (PostgreSQL). */
  get shared(): boolean {
    return this.sql.dialect === 'postgres';
  }

  /**
   * Tells the other processes; resolves once sent. Never rejects: a notice that cannot be sent
   * is logged, and the others' caches expire by their TTLs as before.
   */
  async publish(change: StoreChange): Promise<void> {
    if (!this.shared) return;
    const notices =
      change.kind === 'tokensRevoked'
        ? chunks(change.tokenIds, tokenIdsPerNotice).map((tokenIds) => ({ ...change, tokenIds }))
        : [change];
    try {
      for (const notice of notices) {
        await this.sql.query('SELECT pg_notify($1, $2)', [
          this.channel,
          JSON.stringify({ origin: this.origin, change: notice }),
        ]);
      }
    } catch (err) {
      this.logger.warn('could not tell other gateway processes of a change', {
        change: change.kind,
        error: String(err),
      });
    }
  }

  /**
   * Applies the other processes' changes with `apply`; after a lost listener connection is
   * back, `resumed` is called, since changes may have been missed meanwhile.
   */
  async listen(apply: (change: StoreChange) => void, resumed: () => void): Promise<void> {
    if (!this.shared || !this.sql.listen) return;
    this.stopListening = await this.sql.listen(
      this.channel,
      (payload) => {
        const notice = parseNotice(payload);
        if (notice === undefined) {
          this.logger.warn('ignored a malformed change notice', { channel: this.channel });
        } else if (notice.origin !== this.origin) {
          apply(notice.change);
        }
      },
      resumed,
    );
  }

  async close(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parseNotice(payload: string): { origin: string; change: StoreChange } | undefined {
  try {
    const value = JSON.parse(payload) as { origin?: unknown; change?: unknown };
    if (typeof value.origin !== 'string' || !isStoreChange(value.change)) return undefined;
    return { origin: value.origin, change: value.change };
  } catch {
    return undefined;
  }
}

function isStoreChange(value: unknown): value is StoreChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as { kind?: unknown; userId?: unknown; tokenIds?: unknown };
  switch (change.kind) {
    case 'roles':
      return typeof change.userId === 'string';
    case 'tokensRevoked':
      return (
        Array.isArray(change.tokenIds) && change.tokenIds.every((id) => typeof id === 'string')
      );
    case 'linkedCustomers':
      return true;
    default:
      return false;
  }
}
