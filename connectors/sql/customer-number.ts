import { randomInt } from 'node:crypto';

/**
 * Draws a customer number for createCustomer when the client sent none: a random non-negative
 * integer below 2^31 as a decimal string, like the integers OBP's own generator produced (and
 * the memory adapter draws). The caller retries on a collision, which the unique constraint
 * reports.
 */
export function drawCustomerNumber(): string {
  return String(randomInt(0, 2 ** 31 - 1));
}

/** Collisions are rare in a space of 2^31; this many in a row means the bank is nearly full. */
export const maxCustomerNumberAttempts = 100;
