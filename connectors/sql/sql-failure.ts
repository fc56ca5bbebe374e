import { AdapterError, type ErrorName } from '../../src/adapter/index.js';

/** The OBP error a violated constraint means, by constraint name (see sql-migrations.ts). */
const constraintErrors: Readonly<Record<string, readonly [ErrorName, string]>> = {
  customers_bank_fk: ['BankNotFound', 'No bank with that BANK_ID.'],
  meetings_bank_fk: ['BankNotFound', 'No bank with that BANK_ID.'],
  crm_events_bank_fk: ['BankNotFound', 'No bank with that BANK_ID.'],
  customers_number_unique: [
    'CustomerNumberAlreadyExists',
    'The customer number is taken at this bank.',
  ],
  user_customer_links_pair_unique: [
    'CustomerAlreadyExistsForUser',
    'The user is already linked to this customer.',
  ],
  customer_attributes_customer_fk: ['CustomerNotFoundByCustomerId', 'No customer with that id.'],
  customer_addresses_customer_fk: ['CustomerNotFoundByCustomerId', 'No customer with that id.'],
  tax_residences_customer_fk: ['CustomerNotFoundByCustomerId', 'No customer with that id.'],
  social_media_handles_customer_fk: ['CustomerNotFoundByCustomerId', 'No customer with that id.'],
  user_customer_links_customer_fk: ['CustomerNotFoundByCustomerId', 'No customer with that id.'],
  credit_limit_requests_customer_fk: ['CustomerNotFoundByCustomerId', 'No customer with that id.'],
};

/** SQLSTATEs of bad client data that PostgreSQL cannot store (rather than a broken backend). */
const invalidDataStates: Readonly<Record<string, readonly [ErrorName, string]>> = {
  '22021': ['InvalidJsonContent', 'Text must not contain the NUL character (U+0000).'],
  '22P05': ['InvalidJsonContent', 'Text must not contain the NUL character (U+0000).'],
  '22007': ['InvalidJsonContent', 'A date is outside the range the backend can store.'],
  '22008': ['InvalidJsonContent', 'A date is outside the range the backend can store.'],
  '22003': ['InvalidJsonContent', 'A number is outside the range the backend can store.'],
  '2201W': ['InvalidJsonContent', 'A limit must not be negative.'],
  '2201X': ['InvalidJsonContent', 'An offset must not be negative.'],
  '54000': ['InvalidValueLength', 'A value is too long for the backend to index.'],
};

/**
 * SQLSTATE classes and codes that mean "the database is unavailable or busy right now": a retry
 * may succeed, so the reply is retriable (and never remembered by the idempotency store).
 */
const unavailableClasses = new Set(['08', '53', '57', '58']);
const unavailableStates = new Set(['40001', '40P01', '55P03', '55006']);
/** Node and pg errors without a SQLSTATE that mean the server could not be reached. */
const unavailableMessages = [
  /connect/i,
  /terminated/i,
  /timeout/i,
  /ECONN/,
  /EPIPE/,
  /ENOTFOUND/,
  /EAI_AGAIN/,
];

/**
 * A database failure the adapter did not expect (a bug, a corrupted table). Carries the SQLSTATE
 * and the names of what failed, never the driver's message, detail or query parameters: those
 * can hold row values and personal data, and the runtime logs this error.
 */
export class SqlAdapterFault extends Error {
  override readonly name = 'SqlAdapterFault';

  constructor(
    readonly sqlState: string,
    where: string,
  ) {
    super(`Database error SQLSTATE ${sqlState || 'none'}${where}`);
  }
}

interface DriverError {
  readonly severity?: unknown;
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly table?: unknown;
  readonly routine?: unknown;
  readonly message?: unknown;
}

/**
 * Converts whatever a query threw into what a handler may throw (the adapter's one conversion
 * point for database errors): an `AdapterError` naming the OBP error for violated constraints,
 * unstorable client data and an unavailable database; a {@link SqlAdapterFault} for any other
 * server error. Errors that did not come from the server (a bug in the adapter) pass through.
 */
export function sqlFailure(err: unknown): Error {
  if (err instanceof AdapterError || err instanceof SqlAdapterFault) return err;
  const driver: DriverError = typeof err === 'object' && err !== null ? err : {};
  // Only a server's error report has a severity; Node's own codes (EPIPE, …) are no SQLSTATE.
  if (driver.severity === undefined) {
    return isUnavailable('', driver.message) ? unavailable('') : toError(err);
  }
  const state = typeof driver.code === 'string' ? driver.code : '';
  const constraint = typeof driver.constraint === 'string' ? driver.constraint : '';
  const mapped =
    (state === '23505' || state === '23503' ? constraintErrors[constraint] : undefined) ??
    invalidDataStates[state];
  if (mapped) return new AdapterError(mapped[0], mapped[1]);
  if (isUnavailable(state, driver.message)) return unavailable(state);
  const names = [
    typeof driver.table === 'string' ? `table ${driver.table}` : '',
    constraint ? `constraint ${constraint}` : '',
    typeof driver.routine === 'string' ? `routine ${driver.routine}` : '',
  ].filter((name) => name !== '');
  return new SqlAdapterFault(state, names.length > 0 ? ` (${names.join(', ')})` : '');
}

function unavailable(state: string): AdapterError {
  return new AdapterError(
    'AdapterOrCoreBankingSystemException',
    `The sql adapter's database is unavailable${state ? ` (SQLSTATE ${state})` : ''}.`,
  );
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function isUnavailable(state: string, message: unknown): boolean {
  if (state !== '')
    return unavailableClasses.has(state.slice(0, 2)) || unavailableStates.has(state);
  return (
    typeof message === 'string' && unavailableMessages.some((pattern) => pattern.test(message))
  );
}
