import { z } from 'zod';
import type { User } from '../../auth/user-service.js';
import { ObpError } from '../../errors/obp-error.js';
import { between, since } from '../api-versions.js';
import { caller, defineEndpoint, type EndpointContext } from '../endpoint.js';

/** UserJsonV200 with its entitlements. */
async function userJson(ctx: EndpointContext<unknown>, user: User) {
  const entitlements = await ctx.services.entitlements.list(user.userId);
  return {
    user_id: user.userId,
    email: user.email,
    provider_id: user.username,
    provider: user.provider,
    username: user.username,
    entitlements: {
      list: entitlements.map((e) => ({
        entitlement_id: e.entitlementId,
        role_name: e.roleName,
        bank_id: e.bankId,
      })),
    },
  };
}

/** CreateUserJson. */
const createUserBody = z.object({
  email: z.string().max(254),
  username: z.string().max(100),
  password: z.string().max(512),
  first_name: z.string().max(100),
  last_name: z.string().max(100),
});

/**
 * Registration while ALLOW_USER_SELF_REGISTRATION is true (OBP's default: anyone may create a
 * user, who holds no roles); otherwise only a logged-in super admin may.
 */
async function registrationAllowed(ctx: EndpointContext<unknown>): Promise<void> {
  if (ctx.services.settings.allowUserSelfRegistration) return;
  if (!ctx.principal) throw new ObpError('UserNotLoggedIn');
  const user = await ctx.services.users.getUser(ctx.principal.userId);
  if (!user.isSuperAdmin) throw new ObpError('UserNotSuperAdmin', { httpStatus: 403 });
}

/** Users: OBP's createUser and current user. */
export const userEndpoints = [
  defineEndpoint({
    operationId: 'OBPv2.0.0-createUser',
    verb: 'POST',
    path: '/users',
    versions: since('v2.0.0'),
    auth: 'optional',
    checks: [registrationAllowed, 'body'],
    body: createUserBody,
    bodyName: 'CreateUserJson',
    successStatus: 201,
    connectorMethods: [],
    async handle(ctx) {
      const b = ctx.body;
      const user = await ctx.services.users.createUser({
        username: b.username,
        email: b.email,
        password: b.password,
        firstName: b.first_name,
        lastName: b.last_name,
      });
      return userJson(ctx, user);
    },
  }),
  ...(
    [
      ['OBPv2.0.0-getCurrentUser', between('v2.0.0', 'v2.2.0')],
      ['OBPv3.0.0-getCurrentUser', since('v3.0.0')],
    ] as const
  ).map(([operationId, versions]) =>
    defineEndpoint({
      operationId,
      verb: 'GET',
      path: '/users/current',
      versions,
      successStatus: 200,
      connectorMethods: [],
      async handle(ctx) {
        return userJson(ctx, await ctx.services.users.getUser(caller(ctx).userId));
      },
    }),
  ),
];
