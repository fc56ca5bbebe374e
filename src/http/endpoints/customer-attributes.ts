import { z } from 'zod';
import type { Customer } from '../../codec/generated/messages.js';
import { ObpError } from '../../errors/obp-error.js';
import { since } from '../api-versions.js';
import { withDetail } from '../backend-lookups.js';
import { defineEndpoint, type EndpointContext } from '../endpoint.js';
import { customerAttributeJson } from '../json/customer-json.js';

/**
 * The customer of the URL; one of another bank is OBP-30113, as OBP's v4.0.0 attribute
 * endpoints answer it.
 */
async function customerAtBank(ctx: EndpointContext<unknown>): Promise<Customer> {
  const customerId = ctx.params.CUSTOMER_ID as string;
  const customer = await withDetail(
    ctx.services.connector.call('getCustomerByCustomerId', { customerId }, ctx.call),
    'CustomerNotFoundByCustomerId',
    `. Current CustomerId(${customerId})`,
  );
  if (customer.bankId !== ctx.params.BANK_ID) {
    throw new ObpError('InvalidCustomerBankId', {
      detail: ` Current BANK_ID(${ctx.params.BANK_ID}), Current CUSTOMER_ID(${customerId})`,
    });
  }
  return customer;
}

/** CustomerAttributeJsonV400. */
const attributeBody = z.object({
  name: z.string().min(1).max(255),
  type: z.enum(['STRING', 'INTEGER', 'DOUBLE', 'DATE_WITH_DAY'], {
    message: 'can only accept the following field: STRING, INTEGER, DOUBLE, DATE_WITH_DAY',
  }),
  value: z.string().max(4096),
});

/** Customer attributes (OBP v4.0.0 create and list). */
export const customerAttributeEndpoints = [
  defineEndpoint({
    operationId: 'OBPv4.0.0-createCustomerAttribute',
    verb: 'POST',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/attribute',
    versions: since('v4.0.0'),
    roles: [['CanCreateCustomerAttributeAtOneBank'], ['CanCreateCustomerAttributeAtAnyBank']],
    checks: ['bodyIds', 'bank', 'roles', 'body'],
    body: attributeBody,
    bodyName: 'CustomerAttributeJsonV400',
    successStatus: 201,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'createOrUpdateCustomerAttribute'],
    async handle(ctx) {
      const customer = await customerAtBank(ctx);
      const attribute = await ctx.services.connector.call(
        'createOrUpdateCustomerAttribute',
        {
          bankId: customer.bankId,
          customerId: customer.customerId,
          customerAttributeId: null,
          name: ctx.body.name,
          attributeType: ctx.body.type,
          value: ctx.body.value,
        },
        ctx.call,
      );
      return customerAttributeJson(attribute);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getCustomerAttributes',
    verb: 'GET',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes',
    versions: since('v4.0.0'),
    roles: [['CanGetCustomerAttributesAtOneBank'], ['CanGetCustomerAttributesAtAnyBank']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getCustomerAttributes'],
    async handle(ctx) {
      const customer = await customerAtBank(ctx);
      const attributes = await ctx.services.connector.call(
        'getCustomerAttributes',
        { bankId: customer.bankId, customerId: customer.customerId },
        ctx.call,
      );
      return { customer_attributes: attributes.map(customerAttributeJson) };
    },
  }),
];
