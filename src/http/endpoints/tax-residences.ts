import { z } from 'zod';
import { since } from '../api-versions.js';
import { requireCustomer, withDetail } from '../backend-lookups.js';
import { defineEndpoint } from '../endpoint.js';
import { taxResidenceJson } from '../json/resource-json.js';

/** Tax residences, spec §3.2 (#4–#6). The three paths are spelled differently, as in OBP. */
export const taxResidenceEndpoints = [
  defineEndpoint({
    operationId: 'OBPv3.1.0-createTaxResidence',
    verb: 'POST',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/tax-residence',
    versions: since('v3.1.0'),
    roles: [['CanCreateTaxResidence']],
    body: z.object({ domain: z.string(), tax_number: z.string() }),
    bodyName: 'PostTaxResidenceJsonV310',
    successStatus: 201,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'createTaxResidence'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const created = await ctx.services.connector.call(
        'createTaxResidence',
        {
          customerId: customer.customerId,
          domain: ctx.body.domain,
          taxNumber: ctx.body.tax_number,
        },
        ctx.call,
      );
      return taxResidenceJson(created);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getTaxResidence',
    verb: 'GET',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/tax-residences',
    versions: since('v3.1.0'),
    // ⚠ undeclared in OBP's docs but enforced by its code; Southgate enforces it.
    roles: [['CanGetTaxResidence']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getTaxResidence'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const list = await ctx.services.connector.call(
        'getTaxResidence',
        { customerId: customer.customerId },
        ctx.call,
      );
      return { tax_residence: list.map(taxResidenceJson) };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-deleteTaxResidence',
    verb: 'DELETE',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/tax_residencies/TAX_RESIDENCE_ID',
    versions: since('v3.1.0'),
    // ⚠ undeclared in OBP's docs but enforced by its code; Southgate enforces it.
    roles: [['CanDeleteTaxResidence']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'deleteTaxResidence'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const taxResidenceId = ctx.params.TAX_RESIDENCE_ID as string;
      return withDetail(
        ctx.services.connector.call(
          'deleteTaxResidence',
          { customerId: customer.customerId, taxResidenceId },
          ctx.call,
        ),
        'TaxResidenceNotFound',
        `Current TAX_RESIDENCE_ID(${taxResidenceId})`,
      );
    },
  }),
];
