/*
 * Every role (OBP "entitlement") the gateway knows, as data (spec/obp-endpoints.md §1.3).
 * A bank role (`requiresBankId: true`) is granted per bank; a system role (the `…AtAnyBank` ones)
 * is granted with bank id ''. Add a role here and it can be granted and checked.
 */
const roles = {
  CanAddSocialMediaHandle: { requiresBankId: true },
  CanCreateBank: { requiresBankId: false },
  CanCreateCustomer: { requiresBankId: true },
  CanCreateCustomerAddress: { requiresBankId: true },
  CanCreateCustomerAtAnyBank: { requiresBankId: false },
  CanCreateCustomerAttributeAtAnyBank: { requiresBankId: false },
  CanCreateCustomerAttributeAtOneBank: { requiresBankId: true },
  CanCreateEntitlementAtAnyBank: { requiresBankId: false },
  CanCreateEntitlementAtOneBank: { requiresBankId: true },
  CanCreateTaxResidence: { requiresBankId: true },
  CanCreateUserCustomerLink: { requiresBankId: true },
  CanCreateUserCustomerLinkAtAnyBank: { requiresBankId: false },
  CanDeleteCustomerAddress: { requiresBankId: true },
  CanDeleteTaxResidence: { requiresBankId: true },
  CanDeleteUserCustomerLink: { requiresBankId: true },
  CanGetCustomer: { requiresBankId: true },
  CanGetCustomerAddress: { requiresBankId: true },
  CanGetCustomerAttributesAtAnyBank: { requiresBankId: false },
  CanGetCustomerAttributesAtOneBank: { requiresBankId: true },
  CanGetCustomers: { requiresBankId: true },
  CanGetCustomersAtAnyBank: { requiresBankId: false },
  CanGetEntitlementsForAnyUserAtAnyBank: { requiresBankId: false },
  CanGetEntitlementsForAnyUserAtOneBank: { requiresBankId: true },
  CanGetSocialMediaHandles: { requiresBankId: true },
  CanGetTaxResidence: { requiresBankId: true },
  CanGetUserCustomerLink: { requiresBankId: true },
  CanUpdateCustomerBranch: { requiresBankId: true },
  CanUpdateCustomerCreditLimit: { requiresBankId: true },
  CanUpdateCustomerCreditRatingAndSource: { requiresBankId: true },
  CanUpdateCustomerCreditRatingAndSourceAtAnyBank: { requiresBankId: false },
  CanUpdateCustomerData: { requiresBankId: true },
  CanUpdateCustomerEmail: { requiresBankId: true },
  CanUpdateCustomerIdentity: { requiresBankId: true },
  CanUpdateCustomerMobilePhoneNumber: { requiresBankId: true },
  CanUpdateCustomerNumber: { requiresBankId: true },
  CanUseCustomerFirehoseAtAnyBank: { requiresBankId: false },
} as const satisfies Record<string, { readonly requiresBankId: boolean }>;

/** The name of a known role, e.g. `CanCreateCustomer`. */
export type RoleName = keyof typeof roles;

/** Whether each role is granted per bank (`true`) or system-wide with bank id '' (`false`). */
export const roleCatalog: Readonly<Record<RoleName, { readonly requiresBankId: boolean }>> = roles;

/** Every role name, sorted (the order OBP lists "Possible roles" in). */
export const roleNames: readonly RoleName[] = (Object.keys(roleCatalog) as RoleName[]).sort();

/** True if `name` is a role of the catalog (checks own keys only, so `toString` is not a role). */
export function isRoleName(name: string): name is RoleName {
  return Object.prototype.hasOwnProperty.call(roleCatalog, name);
}
