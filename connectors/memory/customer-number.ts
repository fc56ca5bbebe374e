import { randomInt } from 'node:crypto';
import { AdapterError } from '../../src/adapter/index.js';

/** Generated numbers are below 2^31, like the integers OBP's own number generator produced. */
const drawNumber = (): number => randomInt(0, 2 ** 31 - 1);

/** Collisions are rare in a space of 2^31; this many in a row means the bank is nearly full. */
const maxAttempts = 100;

/**
 * Picks a customer number for createCustomer when the client sent none: a random non-negative
 * integer as a decimal string, drawn again while `isTaken` says another customer of the bank has
 * it. Throws `AdapterError('CreateCustomerError')` if no free number turns up.
 */
export function generateCustomerNumber(
  isTaken: (customerNumber: string) => boolean,
  draw: () => number = drawNumber,
): string {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const customerNumber = String(draw());
    if (!isTaken(customerNumber)) return customerNumber;
  }
  throw new AdapterError(
    'CreateCustomerError',
    `No free customer number found in ${maxAttempts} attempts.`,
  );
}
