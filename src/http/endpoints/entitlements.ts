import { z } from 'zod';
import type { EntitlementView } from '../../auth/entitlement-service.js';
import { ObpError } from '../../errors/obp-error.js';
import { since } from '../api-versions.js';
import { requireBank } from '../backend-lookups.js';
import { caller, defineEndpoint, type EndpointContext } from '../endpoint.js';
import { missingRolesText } from '../role-check.js';

const entitlementJson = (e: EntitlementView) => ({
  entitlement_id: e.entitlementId,
  role_name: e.roleName,
  bank_id: e.bankId,
});

/** Who may grant at `bankId`: a super admin or a holder of one of the two grant roles there. */
async function mayGrant(ctx: EndpointContext<unknown>, bankId: string): Promise<void> {
  const held = await ctx.services.entitlements.rolesOf(caller(ctx).userId);
  if (
    held.has('CanCreateEntitlementAtOneBank', bankId) ||
    held.has('CanCreateEntitlementAtAnyBank', '')
  )
    return;
  const roles = missingRolesText(
    [['CanCreateEntitlementAtOneBank'], ['CanCreateEntitlementAtAnyBank']],
    bankId,
  );
  throw new ObpError('UserHasMissingRoles', {
    detail: `${roles} OBP-20050: Current User is not a Super Admin!`,
  });
}

/** Granting and listing roles (spec §5.2). */
export const entitlementEndpoints = [
  defineEndpoint({
    operationId: 'OBPv2.0.0-addEntitlement',
    verb: 'POST',
    path: '/users/USER_ID/entitlements',
    versions: since('v2.0.0'),
    checks: [
      (ctx) => ctx.services.users.getUser(ctx.params.USER_ID as string).then(() => undefined),
      'body',
    ],
    body: z.object({ bank_id: z.string().max(254), role_name: z.string().max(255) }),
    bodyName: 'CreateEntitlementJSON',
    successStatus: 201,
    connectorMethods: ['getBank'],
    async handle(ctx) {
      const { bank_id: bankId, role_name: roleName } = ctx.body;
      await mayGrant(ctx, bankId);
      if (bankId !== '') await requireBank(ctx, bankId);
      return entitlementJson(
        await ctx.services.entitlements.grant(ctx.params.USER_ID as string, roleName, bankId),
      );
    },
  }),
  defineEndpoint({
    operationId: 'OBPv2.0.0-getEntitlements',
    verb: 'GET',
    path: '/users/USER_ID/entitlements',
    versions: since('v2.0.0'),
    roles: [['CanGetEntitlementsForAnyUserAtAnyBank']],
    successStatus: 200,
    connectorMethods: [],
    async handle(ctx) {
      const user = await ctx.services.users.getUser(ctx.params.USER_ID as string);
      return { list: (await ctx.services.entitlements.list(user.userId)).map(entitlementJson) };
    },
  }),
];
