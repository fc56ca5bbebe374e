import { z } from 'zod';
import { since } from '../api-versions.js';
import { requireCustomer, withDetail } from '../backend-lookups.js';
import { defineEndpoint } from '../endpoint.js';
import { creditLimitOrderJson, creditLimitOrderResponseJson } from '../json/resource-json.js';

/** CreditLimitRequestJson: all strings, as OBP defined them. */
const creditLimitRequestBody = z.object({
  requested_current_rate_amount1: z.string().max(64),
  requested_current_rate_amount2: z.string().max(64),
  requested_current_valid_end_date: z.string().max(64),
  current_credit_documentation: z.string().max(4096),
  temporary_requested_current_amount: z.string().max(64),
  requested_temporary_valid_end_date: z.string().max(64),
  temporary_credit_documentation: z.string().max(4096),
});

const base = '/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests';

/**
 * Credit limit requests (spec #23–#25). OBP served anonymous sample data and removed the
 * endpoints in 2023; Southgate stores real requests through the connector and requires login.
 */
export const creditLimitRequestEndpoints = [
  defineEndpoint({
    operationId: 'OBPv3.1.0-createCreditLimitRequest',
    verb: 'POST',
    path: base,
    versions: since('v3.1.0'),
    body: creditLimitRequestBody,
    bodyName: 'CreditLimitRequestJson',
    successStatus: 201,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'createCreditLimitRequest'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const b = ctx.body;
      const created = await ctx.services.connector.call(
        'createCreditLimitRequest',
        {
          bankId: customer.bankId,
          customerId: customer.customerId,
          requestedCurrentRateAmount1: b.requested_current_rate_amount1,
          requestedCurrentRateAmount2: b.requested_current_rate_amount2,
          requestedCurrentValidEndDate: b.requested_current_valid_end_date,
          currentCreditDocumentation: b.current_credit_documentation,
          temporaryRequestedCurrentAmount: b.temporary_requested_current_amount,
          requestedTemporaryValidEndDate: b.requested_temporary_valid_end_date,
          temporaryCreditDocumentation: b.temporary_credit_documentation,
        },
        ctx.call,
      );
      return creditLimitOrderResponseJson(created);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getCreditLimitRequests',
    verb: 'GET',
    path: base,
    versions: since('v3.1.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getCreditLimitRequests'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const list = await ctx.services.connector.call(
        'getCreditLimitRequests',
        { bankId: customer.bankId, customerId: customer.customerId },
        ctx.call,
      );
      return { credit_limit_requests: list.map(creditLimitOrderJson) };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getCreditLimitRequestByRequestId',
    verb: 'GET',
    path: `${base}/REQUEST_ID`,
    versions: since('v3.1.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getCreditLimitRequestByRequestId'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const requestId = ctx.params.REQUEST_ID as string;
      const found = await withDetail(
        ctx.services.connector.call(
          'getCreditLimitRequestByRequestId',
          {
            bankId: customer.bankId,
            customerId: customer.customerId,
            creditLimitRequestId: requestId,
          },
          ctx.call,
        ),
        'ResourceDoesNotExist',
        ` Current REQUEST_ID(${requestId})`,
      );
      return creditLimitOrderJson(found);
    },
  }),
];
