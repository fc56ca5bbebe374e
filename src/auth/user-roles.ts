import { isRoleName, roleCatalog, type RoleName } from './roles.js';

/** The roles one user holds, answered from memory (see EntitlementService.rolesOf). */
export interface UserRoles {
  /**
   * True if the user holds `role` where it applies: a bank role at `bankId`, a system role at
   * bank id '' (whatever `bankId` says).
   */
  has(role: RoleName, bankId: string): boolean;
}

/** The only roles a super admin holds without a grant, at every bank (spec §5.2). */
export const superAdminRoles: ReadonlySet<RoleName> = new Set<RoleName>([
  'CanCreateEntitlementAtAnyBank',
  'CanCreateEntitlementAtOneBank',
]);

/**
 * A user's loaded grants as a {@link UserRoles}: bank roles match their bank id, system roles
 * match bank id ''. Grants of roles no longer in the catalog are ignored.
 */
export class HeldRoles implements UserRoles {
  private readonly grants = new Set<string>();

  constructor(
    grants: readonly { readonly roleName: string; readonly bankId: string }[],
    private readonly isSuperAdmin: boolean,
  ) {
    for (const { roleName, bankId } of grants) {
      if (isRoleName(roleName)) this.grants.add(grantKey(roleName, bankId));
    }
  }

  has(role: RoleName, bankId: string): boolean {
    if (this.isSuperAdmin && superAdminRoles.has(role)) return true;
    if (!roleCatalog[role].requiresBankId) return this.grants.has(grantKey(role, ''));
    return bankId !== '' && this.grants.has(grantKey(role, bankId));
  }
}

function grantKey(role: RoleName, bankId: string): string {
  return `${role}\u0000${bankId}`;
}
