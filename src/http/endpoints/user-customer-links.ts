import { z } from 'zod';
import type { Customer } from '../../codec/generated/messages.js';
import { ObpError } from '../../errors/obp-error.js';
import { between, since } from '../api-versions.js';
import { requireCustomer, withDetail } from '../backend-lookups.js';
import { defineEndpoint, type EndpointContext, type RoleRequirement } from '../endpoint.js';
import { userCustomerLinkJson } from '../json/resource-json.js';

/** CreateUserCustomerLinkJson. */
const linkBody = z.object({ user_id: z.string().max(128), customer_id: z.string().max(128) });
type LinkBody = z.infer<typeof linkBody>;

const createRoles: RoleRequirement = [
  ['CanCreateUserCustomerLink'],
  ['CanCreateUserCustomerLinkAtAnyBank'],
];

/** The user must exist: 404 OBP-20057, the code OBP's link endpoints use. */
async function requireUser(ctx: EndpointContext<unknown>, userId: string): Promise<void> {
  await ctx.services.users.getUser(userId).catch((err: unknown) => {
    if (err instanceof ObpError && err.errorName === 'UserNotFoundById') {
      throw new ObpError('UserNotFoundByUserId', { detail: ` Current USER_ID(${userId})` });
    }
    throw err;
  });
}

async function linkedCustomer(
  ctx: EndpointContext<unknown>,
  customerId: string,
): Promise<Customer> {
  return withDetail(
    ctx.services.connector.call('getCustomerByCustomerId', { customerId }, ctx.call),
    'CustomerNotFoundByCustomerId',
    `. Current CustomerId(${customerId})`,
  );
}

async function createLink(ctx: EndpointContext<LinkBody>, customer: Customer) {
  const link = await ctx.services.connector.call(
    'createUserCustomerLink',
    {
      bankId: customer.bankId,
      userId: ctx.body.user_id,
      customerId: customer.customerId,
      dateInserted: new Date(),
      isActive: true,
    },
    ctx.call,
  );
  return userCustomerLinkJson(link);
}

/** User–customer links (spec #31 and the v4.0.0 family); through the connector, unlike OBP. */
export const userCustomerLinkEndpoints = [
  defineEndpoint({
    operationId: 'OBPv2.0.0-createUserCustomerLinks',
    verb: 'POST',
    path: '/banks/BANK_ID/user_customer_links',
    versions: between('v2.0.0', 'v3.1.0'),
    // ⚠ OBP's current code runs no login or role check here; Southgate requires both.
    roles: createRoles,
    body: linkBody,
    bodyName: 'CreateUserCustomerLinkJson',
    // OBP answers 200 here since 2023-09-08 (201 from v4.0.0 on).
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'createUserCustomerLink'],
    async handle(ctx) {
      await requireUser(ctx, ctx.body.user_id);
      const customer = await linkedCustomer(ctx, ctx.body.customer_id);
      if (customer.bankId !== ctx.params.BANK_ID) {
        throw new ObpError('CustomerBankDoesNotMatchUrl', {
          detail: `(${customer.bankId}) has to matches BANK_ID(${ctx.params.BANK_ID}) in URL`,
        });
      }
      return createLink(ctx, customer);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-createUserCustomerLinks',
    verb: 'POST',
    path: '/banks/BANK_ID/user_customer_links',
    versions: since('v4.0.0'),
    roles: createRoles,
    checks: ['bodyIds', 'bank', 'roles', 'body'],
    body: linkBody,
    bodyName: 'CreateUserCustomerLinkJson',
    successStatus: 201,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'createUserCustomerLink'],
    async handle(ctx) {
      await requireUser(ctx, ctx.body.user_id);
      const customer = await linkedCustomer(ctx, ctx.body.customer_id);
      if (customer.bankId !== ctx.params.BANK_ID) {
        throw new ObpError('InvalidCustomerBankId', {
          detail: ` Current BANK_ID(${ctx.params.BANK_ID}), Current CUSTOMER_ID(${customer.customerId})`,
        });
      }
      return createLink(ctx, customer);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getUserCustomerLinksByUserId',
    verb: 'GET',
    path: '/banks/BANK_ID/user_customer_links/users/USER_ID',
    versions: since('v4.0.0'),
    roles: [['CanGetUserCustomerLink']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getUserCustomerLinksByUserId'],
    async handle(ctx) {
      const userId = ctx.params.USER_ID as string;
      await requireUser(ctx, userId);
      const links = await ctx.services.connector.call(
        'getUserCustomerLinksByUserId',
        { userId },
        ctx.call,
      );
      // The role is held at this bank, so only this bank's links are shown.
      return {
        user_customer_links: links
          .filter((l) => l.bankId === ctx.params.BANK_ID)
          .map(userCustomerLinkJson),
      };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getUserCustomerLinksByCustomerId',
    verb: 'GET',
    path: '/banks/BANK_ID/user_customer_links/customers/CUSTOMER_ID',
    versions: since('v4.0.0'),
    roles: [['CanGetUserCustomerLink']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getUserCustomerLinksByCustomerId'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const links = await ctx.services.connector.call(
        'getUserCustomerLinksByCustomerId',
        { customerId: customer.customerId },
        ctx.call,
      );
      return { user_customer_links: links.map(userCustomerLinkJson) };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-deleteUserCustomerLink',
    verb: 'DELETE',
    path: '/banks/BANK_ID/user_customer_links/USER_CUSTOMER_LINK_ID',
    versions: since('v4.0.0'),
    roles: [['CanDeleteUserCustomerLink']],
    successStatus: 200,
    connectorMethods: ['getBank', 'deleteUserCustomerLink'],
    handle(ctx) {
      const userCustomerLinkId = ctx.params.USER_CUSTOMER_LINK_ID as string;
      return withDetail(
        ctx.services.connector.call(
          'deleteUserCustomerLink',
          { bankId: ctx.params.BANK_ID as string, userCustomerLinkId },
          ctx.call,
        ),
        'UserCustomerLinkNotFound',
        `. Current USER_CUSTOMER_LINK_ID(${userCustomerLinkId})`,
      );
    },
  }),
];
