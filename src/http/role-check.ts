import type { UserRoles } from '../auth/entitlement-service.js';
import { roleCatalog, type RoleName } from '../auth/roles.js';
import { ObpError } from '../errors/obp-error.js';
import type { RoleRequirement } from './endpoint.js';

/**
 * Passes when the caller holds every role of at least one group; otherwise 403 OBP-20006 worded
 * as OBP words it (spec/obp-endpoints.md §1.3) for one role, a list of alternatives, or pairs.
 */
export function requireRoles(held: UserRoles, requirement: RoleRequirement, bankId: string): void {
  if (requirement.some((group) => group.every((role) => held.has(role, bankId)))) return;
  throw new ObpError('UserHasMissingRoles', { detail: missingRolesText(requirement, bankId) });
}

/** The text OBP appends to "User is missing one or more roles: ". */
export function missingRolesText(requirement: RoleRequirement, bankId: string): string {
  if (requirement.some((group) => group.length > 1)) {
    return `${requirement.map((group) => group.join(' and ')).join(' OR ')} entitlements are required.`;
  }
  const roles = requirement.map((group) => group[0] as RoleName);
  if (roles.length === 1) {
    const role = roles[0] as RoleName;
    return roleCatalog[role].requiresBankId ? `${role} at Bank(${bankId})` : role;
  }
  return `${roles.join(' or ')} for BankId(${bankId}).`;
}
