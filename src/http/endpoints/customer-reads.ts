import { z } from 'zod';
import type { Customer, CustomerAttribute } from '../../codec/generated/messages.js';
import { ObpError } from '../../errors/obp-error.js';
import { between, since } from '../api-versions.js';
import { requireCustomer } from '../backend-lookups.js';
import { parseCustomerQuery } from '../customer-query.js';
import { caller, defineEndpoint, type EndpointContext } from '../endpoint.js';
import {
  customerJsonV210,
  customerJsonV300,
  customerJsonV310,
  withAttributes,
} from '../json/customer-json.js';

/**
 * The customer and its attributes. When the id is known up front both calls go out together;
 * the customer's failure (404) takes precedence over the attributes'.
 */
async function customerWithAttributes(
  ctx: EndpointContext<unknown>,
  customer: Promise<Customer>,
  bankId: string,
  customerId?: string,
) {
  const early =
    customerId === undefined
      ? undefined
      : ctx.services.connector.call('getCustomerAttributes', { bankId, customerId }, ctx.call);
  // Awaited below once the customer is known to exist; until then a rejection must not go unhandled.
  early?.catch(() => undefined);
  const found = await customer;
  const attributes = await (early ??
    ctx.services.connector.call(
      'getCustomerAttributes',
      { bankId, customerId: found.customerId },
      ctx.call,
    ));
  return withAttributes(customerJsonV310(found), attributes);
}

/** Attributes of each customer, fetched concurrently. */
function attributesOf(
  ctx: EndpointContext<unknown>,
  customers: readonly Customer[],
): Promise<CustomerAttribute[][]> {
  return Promise.all(
    customers.map((c) =>
      ctx.services.connector.call(
        'getCustomerAttributes',
        { bankId: c.bankId, customerId: c.customerId },
        ctx.call,
      ),
    ),
  );
}

function myCustomers(ctx: EndpointContext<unknown>): Promise<Customer[]> {
  return ctx.services.connector.call(
    'getCustomersByUserId',
    { userId: caller(ctx).userId },
    ctx.call,
  );
}

/**
 * Customers of one bank (or every bank), paged as the query asks; with `filtered`, its other
 * parameters are attribute filters (see parseCustomerQuery).
 */
function customerPage(
  ctx: EndpointContext<unknown>,
  bankId: string | null,
  filtered: boolean,
): Promise<Customer[]> {
  const q = parseCustomerQuery(ctx.req.query, { attributeFilters: filtered });
  return ctx.services.connector.call(
    'getCustomers',
    {
      bankId,
      limit: q.limit,
      offset: q.offset,
      fromDate: q.fromDate,
      toDate: q.toDate,
      sortDirection: q.sortDirection,
      attributeFilters: q.attributeFilters,
    },
    ctx.call,
  );
}

const customersV300 = (list: readonly Customer[]) => ({ customers: list.map(customerJsonV300) });
const customersV210 = (list: readonly Customer[]) => ({ customers: list.map(customerJsonV210) });

/** Reading customers: by id, by number, the caller's own, lists and searches (spec #12, #13, #22, #26–#29, §4). */
export const customerReadEndpoints = [
  defineEndpoint({
    operationId: 'OBPv3.1.0-getCustomerByCustomerId',
    verb: 'GET',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID',
    versions: since('v3.1.0'),
    roles: [['CanGetCustomer']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getCustomerAttributes'],
    handle(ctx) {
      const customerId = ctx.params.CUSTOMER_ID as string;
      return customerWithAttributes(
        ctx,
        requireCustomer(ctx, customerId),
        ctx.params.BANK_ID as string,
        customerId,
      );
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getCustomerByCustomerNumber',
    verb: 'POST',
    path: '/banks/BANK_ID/customers/customer-number',
    versions: since('v3.1.0'),
    roles: [['CanGetCustomer']],
    body: z.object({ customer_number: z.string().max(128) }),
    bodyName: 'PostCustomerNumberJsonV310',
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerNumber', 'getCustomerAttributes'],
    handle(ctx) {
      const bankId = ctx.params.BANK_ID as string;
      const customer = ctx.services.connector.call(
        'getCustomerByCustomerNumber',
        { bankId, customerNumber: ctx.body.customer_number },
        ctx.call,
      );
      return customerWithAttributes(ctx, customer, bankId);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv2.1.0-getCustomersForUser',
    verb: 'GET',
    path: '/users/current/customers',
    versions: ['v2.1.0'],
    successStatus: 200,
    connectorMethods: ['getCustomersByUserId'],
    async handle(ctx) {
      return customersV210(await myCustomers(ctx));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.0.0-getCustomersForUser',
    verb: 'GET',
    path: '/users/current/customers',
    versions: since('v3.0.0'),
    successStatus: 200,
    connectorMethods: ['getCustomersByUserId', 'getCustomerAttributes'],
    async handle(ctx) {
      const customers = await myCustomers(ctx);
      const attributes = await attributesOf(ctx, customers);
      return {
        customers: customers.map((c, i) =>
          withAttributes(customerJsonV300(c), attributes[i] ?? []),
        ),
      };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv5.1.0-getCustomersForUserIdsOnly',
    verb: 'GET',
    path: '/users/current/customers/customer_ids',
    versions: since('v5.1.0'),
    successStatus: 200,
    connectorMethods: ['getCustomersByUserId'],
    async handle(ctx) {
      return { customers: (await myCustomers(ctx)).map((c) => ({ id: c.customerId })) };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv2.1.0-getCustomersForCurrentUserAtBank',
    verb: 'GET',
    path: '/banks/BANK_ID/customers',
    versions: between('v2.1.0', 'v3.1.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomersByUserId'],
    async handle(ctx) {
      return customersV210((await myCustomers(ctx)).filter((c) => c.bankId === ctx.params.BANK_ID));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv5.0.0-getMyCustomersAtBank',
    verb: 'GET',
    path: '/banks/BANK_ID/my/customers',
    versions: since('v5.0.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomersByUserId'],
    async handle(ctx) {
      return customersV210((await myCustomers(ctx)).filter((c) => c.bankId === ctx.params.BANK_ID));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv5.0.0-getMyCustomersAtAnyBank',
    verb: 'GET',
    path: '/my/customers',
    versions: since('v5.0.0'),
    successStatus: 200,
    connectorMethods: ['getCustomersByUserId'],
    async handle(ctx) {
      return customersV210(await myCustomers(ctx));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getCustomersByAttributes',
    verb: 'GET',
    path: '/banks/BANK_ID/customers',
    versions: ['v4.0.0'],
    roles: [['CanGetCustomer']],
    checks: ['bank', 'roles'],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomers', 'getCustomerAttributes'],
    async handle(ctx) {
      const customers = await customerPage(ctx, ctx.params.BANK_ID as string, true);
      const attributes = await attributesOf(ctx, customers);
      return {
        customers: customers.map((c, i) =>
          withAttributes(customerJsonV310(c), attributes[i] ?? []),
        ),
      };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv5.0.0-getCustomersAtOneBank',
    verb: 'GET',
    path: '/banks/BANK_ID/customers',
    versions: since('v5.0.0'),
    roles: [['CanGetCustomers']],
    checks: ['bank', 'roles'],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomers'],
    async handle(ctx) {
      return customersV300(await customerPage(ctx, ctx.params.BANK_ID as string, false));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getCustomersAtAnyBank',
    verb: 'GET',
    path: '/customers',
    versions: since('v4.0.0'),
    roles: [['CanGetCustomersAtAnyBank']],
    successStatus: 200,
    connectorMethods: ['getCustomers'],
    async handle(ctx) {
      return customersV300(await customerPage(ctx, null, false));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getFirehoseCustomers',
    verb: 'GET',
    path: '/banks/BANK_ID/firehose/customers',
    versions: since('v3.1.0'),
    roles: [['CanUseCustomerFirehoseAtAnyBank']],
    checks: [firehoseAllowed, 'roles', 'bank'],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomers'],
    async handle(ctx) {
      return customersV300(await customerPage(ctx, ctx.params.BANK_ID as string, true));
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getCustomersByCustomerPhoneNumber',
    verb: 'POST',
    path: '/banks/BANK_ID/search/customers/mobile-phone-number',
    versions: since('v4.0.0'),
    // As in OBP: login only, and the bank is not looked up.
    checks: ['bodyIds', 'body'],
    body: z.object({ mobile_phone_number: z.string().max(256) }),
    bodyName: 'PostCustomerPhoneNumberJsonV400',
    successStatus: 201,
    connectorMethods: ['getCustomersByCustomerPhoneNumber'],
    async handle(ctx) {
      const found = await ctx.services.connector.call(
        'getCustomersByCustomerPhoneNumber',
        { bankId: ctx.params.BANK_ID as string, phoneNumber: ctx.body.mobile_phone_number },
        ctx.call,
      );
      return customersV300(found);
    },
  }),
];

/**
 * The firehose is off unless ALLOW_CUSTOMER_FIREHOSE=true. OBP answers this with its *account*
 * firehose text (OBP-00009); clients depend on that wire behaviour, so it is kept, with the
 * setting to change named after it.
 */
function firehoseAllowed(ctx: EndpointContext<unknown>): void {
  if (!ctx.services.settings.allowCustomerFirehose) {
    throw new ObpError('AccountFirehoseNotAllowedOnThisInstance', {
      detail: '(Southgate: set ALLOW_CUSTOMER_FIREHOSE=true.)',
    });
  }
}
