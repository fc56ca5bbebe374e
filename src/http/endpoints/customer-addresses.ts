import { z } from 'zod';
import { since } from '../api-versions.js';
import { requireCustomer, withDetail } from '../backend-lookups.js';
import { defineEndpoint, type EndpointContext } from '../endpoint.js';
import { addressJson } from '../json/resource-json.js';

/** PostCustomerAddressJsonV310. */
const addressBody = z.object({
  line_1: z.string(),
  line_2: z.string(),
  line_3: z.string(),
  city: z.string(),
  county: z.string(),
  state: z.string(),
  postcode: z.string(),
  country_code: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
});
type AddressBody = z.infer<typeof addressBody>;

// ⚠ OBP stores `state` where the client sent `status`; Southgate stores the status as sent.
const addressFields = (b: AddressBody) => ({
  line1: b.line_1,
  line2: b.line_2,
  line3: b.line_3,
  city: b.city,
  county: b.county,
  state: b.state,
  postcode: b.postcode,
  countryCode: b.country_code,
  tags: b.tags,
  status: b.status,
});

const addressNotFound = (ctx: EndpointContext<unknown>) =>
  `Current CUSTOMER_ADDRESS_ID(${ctx.params.CUSTOMER_ADDRESS_ID})`;

/** Customer addresses, spec §3.3 (#7–#10). */
export const customerAddressEndpoints = [
  defineEndpoint({
    operationId: 'OBPv3.1.0-createCustomerAddress',
    verb: 'POST',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/address',
    versions: since('v3.1.0'),
    roles: [['CanCreateCustomerAddress']],
    body: addressBody,
    bodyName: 'PostCustomerAddressJsonV310',
    successStatus: 201,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'createCustomerAddress'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const created = await ctx.services.connector.call(
        'createCustomerAddress',
        { customerId: customer.customerId, ...addressFields(ctx.body) },
        ctx.call,
      );
      return addressJson(created);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-updateCustomerAddress',
    verb: 'PUT',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/addresses/CUSTOMER_ADDRESS_ID',
    versions: since('v3.1.0'),
    // ⚠ OBP documents no role but enforces CanCreateCustomer; Southgate enforces it.
    roles: [['CanCreateCustomer']],
    body: addressBody,
    bodyName: 'PostCustomerAddressJsonV310',
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'updateCustomerAddress'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const updated = await withDetail(
        ctx.services.connector.call(
          'updateCustomerAddress',
          {
            customerId: customer.customerId,
            customerAddressId: ctx.params.CUSTOMER_ADDRESS_ID as string,
            ...addressFields(ctx.body),
          },
          ctx.call,
        ),
        'CustomerAddressNotFound',
        addressNotFound(ctx),
      );
      return addressJson(updated);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getCustomerAddresses',
    verb: 'GET',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/addresses',
    versions: since('v3.1.0'),
    roles: [['CanGetCustomerAddress']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getCustomerAddress'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const list = await ctx.services.connector.call(
        'getCustomerAddress',
        { customerId: customer.customerId },
        ctx.call,
      );
      return { addresses: list.map(addressJson) };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-deleteCustomerAddress',
    verb: 'DELETE',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/addresses/CUSTOMER_ADDRESS_ID',
    versions: since('v3.1.0'),
    roles: [['CanDeleteCustomerAddress']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'deleteCustomerAddress'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      return withDetail(
        ctx.services.connector.call(
          'deleteCustomerAddress',
          {
            customerId: customer.customerId,
            customerAddressId: ctx.params.CUSTOMER_ADDRESS_ID as string,
          },
          ctx.call,
        ),
        'CustomerAddressNotFound',
        addressNotFound(ctx),
      );
    },
  }),
];
