import type { MethodName } from '../codec/message-types.js';
import type { EndpointDefinition } from './endpoint.js';
import { bankEndpoints } from './endpoints/banks.js';
import { creditLimitRequestEndpoints } from './endpoints/credit-limit-requests.js';
import { crmEventEndpoints } from './endpoints/crm-events.js';
import { customerAddressEndpoints } from './endpoints/customer-addresses.js';
import { customerAttributeEndpoints } from './endpoints/customer-attributes.js';
import { customerCreationEndpoints } from './endpoints/customer-creation.js';
import { customerReadEndpoints } from './endpoints/customer-reads.js';
import { customerUpdateEndpoints } from './endpoints/customer-updates.js';
import { entitlementEndpoints } from './endpoints/entitlements.js';
import { meetingEndpoints } from './endpoints/meetings.js';
import { socialMediaEndpoints } from './endpoints/social-media-handles.js';
import { taxResidenceEndpoints } from './endpoints/tax-residences.js';
import { userCustomerLinkEndpoints } from './endpoints/user-customer-links.js';
import { userEndpoints } from './endpoints/users.js';

/** Every versioned OBP endpoint Southgate serves; tests and docs are generated from it. */
export const endpointTable: readonly EndpointDefinition[] = [
  ...bankEndpoints,
  ...userEndpoints,
  ...entitlementEndpoints,
  ...customerCreationEndpoints,
  ...customerReadEndpoints,
  ...customerUpdateEndpoints,
  ...customerAttributeEndpoints,
  ...customerAddressEndpoints,
  ...taxResidenceEndpoints,
  ...meetingEndpoints,
  ...socialMediaEndpoints,
  ...userCustomerLinkEndpoints,
  ...crmEventEndpoints,
  ...creditLimitRequestEndpoints,
] as readonly EndpointDefinition[];

/** The OBP operations that use a connector method (the registry's "dependent endpoints"). */
export function endpointsUsing(method: MethodName): string[] {
  return endpointTable.filter((e) => e.connectorMethods.includes(method)).map((e) => e.operationId);
}
