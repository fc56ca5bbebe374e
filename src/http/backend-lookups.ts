import type { Bank, Customer } from '../codec/generated/messages.js';
import type { ErrorName } from '../errors/error-catalog.js';
import { ObpError } from '../errors/obp-error.js';
import type { EndpointContext } from './endpoint.js';

/**
 * The lookups most endpoints start with, worded as OBP's `NewStyle.function` wrappers word
 * their failures (spec/obp-connector.md §7.2).
 */

/** The bank named by `bankId`, or 404 OBP-30001 `… Current BankId is <id>`. */
export function requireBank(ctx: EndpointContext<unknown>, bankId: string): Promise<Bank> {
  return withDetail(
    ctx.services.banks.get(bankId, ctx.call),
    'BankNotFound',
    ` Current BankId is ${bankId}`,
  );
}

/**
 * The customer `customerId` of the URL's bank, or 404 OBP-30046 `….. Current CustomerId(<id>)`.
 * Unlike OBP, a customer of another bank is not found: a role held at one bank must not reach
 * another bank's customers.
 */
export async function requireCustomer(
  ctx: EndpointContext<unknown>,
  customerId: string,
): Promise<Customer> {
  const detail = `. Current CustomerId(${customerId})`;
  const customer = await withDetail(
    ctx.services.connector.call('getCustomerByCustomerId', { customerId }, ctx.call),
    'CustomerNotFoundByCustomerId',
    detail,
  );
  const bankId = ctx.params.BANK_ID;
  if (bankId !== undefined && customer.bankId !== bankId) {
    throw new ObpError('CustomerNotFoundByCustomerId', { detail });
  }
  return customer;
}

/** Re-raises the catalog error `name` from `call` with OBP's context text appended. */
export async function withDetail<T>(
  call: Promise<T>,
  name: ErrorName,
  detail: string,
  httpStatus?: number,
): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ObpError && err.errorName === name) {
      throw new ObpError(name, {
        detail,
        cause: err,
        context: err.context,
        ...(httpStatus ? { httpStatus } : {}),
      });
    }
    throw err;
  }
}
