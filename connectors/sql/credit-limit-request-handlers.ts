import { randomInt, randomUUID } from 'node:crypto';
import type { CreditLimitRequest } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

const referenceAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `CLR-` and six random uppercase letters or digits: short enough to read out on the phone. */
function shortReference(): string {
  let reference = 'CLR-';
  for (let i = 0; i < 6; i++) reference += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return reference;
}

interface RequestRow {
  readonly credit_limit_request_id: string;
  readonly bank_id: string;
  readonly customer_id: string;
  readonly requested_current_rate_amount1: string;
  readonly requested_current_rate_amount2: string;
  readonly requested_current_valid_end_date: string;
  readonly current_credit_documentation: string;
  readonly temporary_requested_current_amount: string;
  readonly requested_temporary_valid_end_date: string;
  readonly temporary_credit_documentation: string;
  readonly short_reference: string;
  readonly status: string;
  readonly rank_amount1: string;
  readonly nominal_interest1: string;
  readonly rank_amount2: string;
  readonly nominal_interest2: string;
  readonly created_at: Date;
}

const requestColumns =
  'credit_limit_request_id, bank_id, customer_id, requested_current_rate_amount1, ' +
  'requested_current_rate_amount2, requested_current_valid_end_date, ' +
  'current_credit_documentation, temporary_requested_current_amount, ' +
  'requested_temporary_valid_end_date, temporary_credit_documentation, short_reference, ' +
  'status, rank_amount1, nominal_interest1, rank_amount2, nominal_interest2, created_at';

// Inserted only if the customer exists at that bank: one statement checks and writes.
const insertRequest =
  `INSERT INTO credit_limit_requests (${requestColumns}) ` +
  'SELECT $1::text, c.bank_id, c.customer_id, $4::text, $5::text, $6::text, $7::text, ' +
  '$8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text, $15::text, ' +
  '$16::text, $17::timestamptz FROM customers c WHERE c.customer_id = $2 AND c.bank_id = $3 ' +
  'RETURNING credit_limit_request_id';

function requestFromRow(row: RequestRow): CreditLimitRequest {
  return {
    creditLimitRequestId: row.credit_limit_request_id,
    bankId: row.bank_id,
    customerId: row.customer_id,
    requestedCurrentRateAmount1: row.requested_current_rate_amount1,
    requestedCurrentRateAmount2: row.requested_current_rate_amount2,
    requestedCurrentValidEndDate: row.requested_current_valid_end_date,
    currentCreditDocumentation: row.current_credit_documentation,
    temporaryRequestedCurrentAmount: row.temporary_requested_current_amount,
    requestedTemporaryValidEndDate: row.requested_temporary_valid_end_date,
    temporaryCreditDocumentation: row.temporary_credit_documentation,
    shortReference: row.short_reference,
    status: row.status,
    rankAmount1: row.rank_amount1,
    nominalInterest1: row.nominal_interest1,
    rankAmount2: row.rank_amount2,
    nominalInterest2: row.nominal_interest2,
    createdAt: row.created_at,
  };
}

/**
 * Credit limit requests. OBP answered these endpoints with fixed sample data; here a request is
 * stored as received, with the requested amounts as the ranked amounts until the bank decides.
 */
export function creditLimitRequestHandlers(
  db: SqlDatabase,
  now: () => Date,
): HandlerGroup<
  'createCreditLimitRequest' | 'getCreditLimitRequests' | 'getCreditLimitRequestByRequestId'
> {
  return {
    async createCreditLimitRequest(args) {
      const request: CreditLimitRequest = {
        creditLimitRequestId: randomUUID(),
        bankId: args.bankId,
        customerId: args.customerId,
        requestedCurrentRateAmount1: args.requestedCurrentRateAmount1,
        requestedCurrentRateAmount2: args.requestedCurrentRateAmount2,
        requestedCurrentValidEndDate: args.requestedCurrentValidEndDate,
        currentCreditDocumentation: args.currentCreditDocumentation,
        temporaryRequestedCurrentAmount: args.temporaryRequestedCurrentAmount,
        requestedTemporaryValidEndDate: args.requestedTemporaryValidEndDate,
        temporaryCreditDocumentation: args.temporaryCreditDocumentation,
        shortReference: shortReference(),
        status: 'REQUESTED',
        rankAmount1: args.requestedCurrentRateAmount1,
        nominalInterest1: '',
        rankAmount2: args.requestedCurrentRateAmount2,
        nominalInterest2: '',
        createdAt: now(),
      };
      const inserted = await db.query(insertRequest, [
        request.creditLimitRequestId,
        request.customerId,
        request.bankId,
        request.requestedCurrentRateAmount1,
        request.requestedCurrentRateAmount2,
        request.requestedCurrentValidEndDate,
        request.currentCreditDocumentation,
        request.temporaryRequestedCurrentAmount,
        request.requestedTemporaryValidEndDate,
        request.temporaryCreditDocumentation,
        request.shortReference,
        request.status,
        request.rankAmount1,
        request.nominalInterest1,
        request.rankAmount2,
        request.nominalInterest2,
        request.createdAt,
      ]);
      if (inserted.length === 0) {
        throw new AdapterError(
          'CustomerNotFoundByCustomerId',
          `No customer with that CUSTOMER_ID at bank ${args.bankId}.`,
        );
      }
      return request;
    },

    async getCreditLimitRequests({ bankId, customerId }) {
      const rows = await db.query<RequestRow>(
        `SELECT ${requestColumns} FROM credit_limit_requests ` +
          'WHERE customer_id = $1 AND bank_id = $2 ORDER BY created_at, seq',
        [customerId, bankId],
      );
      return rows.map(requestFromRow);
    },

    async getCreditLimitRequestByRequestId({ bankId, customerId, creditLimitRequestId }) {
      const row = await db.first<RequestRow>(
        `SELECT ${requestColumns} FROM credit_limit_requests ` +
          'WHERE credit_limit_request_id = $1 AND customer_id = $2 AND bank_id = $3',
        [creditLimitRequestId, customerId, bankId],
      );
      if (!row) {
        throw new AdapterError(
          'ResourceDoesNotExist',
          'The customer has no credit limit request with that id.',
        );
      }
      return requestFromRow(row);
    },
  };
}
