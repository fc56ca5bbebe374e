import { ObpError } from '../errors/obp-error.js';

const BANK_ID = /^[A-Za-z0-9._-]{1,254}$/;
const OTHER_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The upper-case OBP parameter names a path may contain, e.g. `BANK_ID`. */
export const PATH_PARAMETER = /^[A-Z][A-Z_]*_ID$/;

/**
 * Validates path parameters before anything reaches a backend: BANK_ID as OBP does
 * (400 OBP-30111), every other id as 1–128 URL-safe characters (400 OBP-10034 naming it).
 */
export function validatePathParams(params: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(params)) {
    if (name === 'BANK_ID') {
      if (!BANK_ID.test(value)) throw new ObpError('InvalidBankIdFormat');
    } else if (!OTHER_ID.test(value)) {
      throw new ObpError('InvalidUrlParameters', {
        detail: ` ${name} must be 1 to 128 characters of A-Z, a-z, 0-9, '-', '.' or '_'.`,
      });
    }
  }
}
