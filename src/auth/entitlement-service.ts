import { randomUUID } from 'node:crypto';
import { ObpError } from '../errors/obp-error.js';
import type { GatewayStore } from '../store/gateway-store.js';
import { isRoleName, roleCatalog, roleNames } from './roles.js';
import { HeldRoles, superAdminRoles, type UserRoles } from './user-roles.js';
import { BoundedMap } from '../store/bounded-map.js';

/** Re-exported: the HTTP layer's role check takes it from here. */
export type { UserRoles } from './user-roles.js';

/** One entitlement as listed; `implicit` ones are a super admin's and have no entitlement id. */
export interface EntitlementView {
  readonly entitlementId: string;
  readonly roleName: string;
  readonly bankId: string;
  readonly implicit: boolean;
}

/** Cache policy of {@link EntitlementService}. */
export interface EntitlementServiceOptions {
  /** How long a user's roles are reused before reloading (default 10 000 ms). */
  readonly cacheTtlMs?: number;
  /** Users kept in the cache; the least recently loaded go first (default 10 000). */
  readonly maxCachedUsers?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
  /**
   * Told of every change to a user's roles made here, after it is stored; the change is
   * reported done once the returned promise settles. A gateway cluster uses it to drop the
   * user's roles in the other workers' caches before answering (see `gateway-cluster.ts`).
   */
  readonly onChange?: (userId: string) => Promise<void>;
}

interface CacheEntry {
  readonly roles: Promise<UserRoles>;
  readonly loadedAt: number;
}

/**
 * Grants, lists and checks roles (OBP entitlements, spec/obp-endpoints.md §5.2). The role check
 * on every request reads a per-user cache: loaded once, reused for `cacheTtlMs` (so grants made
 * by another gateway instance show within it) and dropped at once by grants and revocations made
 * through this instance. Super admins implicitly hold only the two grant roles.
 */
export class EntitlementService {
  private readonly cache: BoundedMap<string, CacheEntry>;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private readonly onChange?: (userId: string) => Promise<void>;

  constructor(
    private readonly store: GatewayStore,
    options: EntitlementServiceOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 10_000;
    this.cache = new BoundedMap(options.maxCachedUsers ?? 10_000);
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  /** The user's roles (none for an unknown user); rejects only with a database error. */
  rolesOf(userId: string): Promise<UserRoles> {
    const now = this.now();
    const cached = this.cache.get(userId);
    if (cached !== undefined && now - cached.loadedAt < this.cacheTtlMs) return cached.roles;

    const entry: CacheEntry = { roles: this.load(userId), loadedAt: now };
    this.cache.delete(userId);
    this.cache.set(userId, entry);
    // A failed load must not be served from the cache; the caller still sees the rejection.
    entry.roles.catch(() => {
      if (this.cache.get(userId) === entry) this.cache.delete(userId);
    });
    return entry.roles;
  }

  /**
   * Grants `roleName` at `bankId` ('' for a system role). Whether that bank exists is the HTTP
   * layer's check. Throws ObpError 400 IncorrectRoleName (listing the possible roles),
   * EntitlementIsBankRole, EntitlementIsSystemRole, EntitlementAlreadyExists (also when two
   * grants race), or 404 UserNotFoundById.
   */
  async grant(userId: string, roleName: string, bankId: string): Promise<EntitlementView> {
    if (!isRoleName(roleName)) {
      throw new ObpError('IncorrectRoleName', {
        detail: ` ${roleName}. Possible roles are ${roleNames.join(', ')}`,
      });
    }
    const requiresBankId = roleCatalog[roleName].requiresBankId;
    if (requiresBankId && bankId === '') throw new ObpError('EntitlementIsBankRole');
    if (!requiresBankId && bankId !== '') throw new ObpError('EntitlementIsSystemRole');
    if ((await this.store.users.findById(userId)) === undefined) throw userNotFound(userId);

    const entitlementId = randomUUID();
    const inserted = await this.store.entitlements.insert({
      entitlementId,
      userId,
      bankId,
      roleName,
    });
    if (!inserted) throw new ObpError('EntitlementAlreadyExists');
    await this.invalidate(userId);
    return { entitlementId, roleName, bankId, implicit: false };
  }

  /**
   * The user's entitlements, oldest first, followed by a super admin's implicit roles.
   * Throws ObpError 404 UserNotFoundById.
   */
  async list(userId: string): Promise<EntitlementView[]> {
    const user = await this.store.users.findById(userId);
    if (user === undefined) throw userNotFound(userId);
    const granted = await this.store.entitlements.listByUser(userId);
    const views: EntitlementView[] = granted.map((e) => ({
      entitlementId: e.entitlementId,
      roleName: e.roleName,
      bankId: e.bankId,
      implicit: false,
    }));
    if (!user.isSuperAdmin) return views;
    return [
      ...views,
      ...[...superAdminRoles].map((roleName) => ({
        entitlementId: '',
        roleName,
        bankId: '',
        implicit: true,
      })),
    ];
  }

  /** Deletes one entitlement, effective at once here; false if there was none. */
  async revoke(entitlementId: string): Promise<boolean> {
    const deleted = await this.store.entitlements.delete(entitlementId);
    if (deleted === undefined) return false;
    await this.invalidate(deleted.userId);
    return true;
  }

  /**
   * Drops the user's cached roles after a change made through this gateway (including one made
   * outside this service, e.g. super admin), here and wherever `onChange` reaches.
   */
  async invalidate(userId: string): Promise<void> {
    this.cache.delete(userId);
    await this.onChange?.(userId);
  }

  /** Drops the user's cached roles after a change another gateway process made. */
  forgetCached(userId: string): void {
    this.cache.delete(userId);
  }

  /** Drops every cached role, when changes made elsewhere may have been missed. */
  forgetAllCached(): void {
    this.cache.clear();
  }

  private async load(userId: string): Promise<UserRoles> {
    const [user, granted] = await Promise.all([
      this.store.users.findById(userId),
      this.store.entitlements.listByUser(userId),
    ]);
    return new HeldRoles(granted, user?.isSuperAdmin ?? false);
  }
}

function userNotFound(userId: string): ObpError {
  return new ObpError('UserNotFoundById', { detail: ` Current USER_ID(${userId})` });
}
