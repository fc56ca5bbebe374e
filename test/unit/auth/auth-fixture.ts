import { expect } from 'chai';
import {
  createAuthServices,
  type AuthServices,
  type AuthServicesOptions,
} from '../../../src/auth/auth-services.js';
import type { ScryptCost } from '../../../src/auth/password-hasher.js';
import { ObpError } from '../../../src/errors/obp-error.js';
import { GatewayStore } from '../../../src/store/gateway-store.js';
import type { SqlClient } from '../../../src/store/sql-client.js';
import { openTestDatabase } from '../../helpers/test-database.js';

/** scrypt at 2^4: the same code path as production, microseconds instead of ~100 ms. */
export const testScryptCost: ScryptCost = { logN: 4, r: 8, p: 1 };

/** A password that passes OBP's strength rule. */
export const strongPassword = 'Str0ng!Passw0rd';

/** Auth services on a fresh schema of the test PostgreSQL; `close()` drops it. */
export interface AuthFixture extends AuthServices {
  readonly sql: SqlClient;
  close(): Promise<void>;
}

/** Opens a migrated store in a new schema and builds the services over it (cheap scrypt). */
export async function openAuthFixture(options: AuthServicesOptions = {}): Promise<AuthFixture> {
  const sql = await openTestDatabase();
  const store = await GatewayStore.open(sql);
  const services = await createAuthServices(store, { scryptCost: testScryptCost, ...options });
  return { ...services, sql, close: () => sql.close() };
}

let counter = 0;

/** A username no other test in this process uses. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}.${Date.now().toString(36)}`;
}

/**
 * Runs `action` and asserts it failed with an ObpError of this OBP code and HTTP status
 * (STYLE.md §8: never just "it throws"). Returns the error for further checks.
 */
export async function expectObpError(
  action: () => unknown,
  code: string,
  httpStatus: number,
): Promise<ObpError> {
  let caught: unknown;
  try {
    await action();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an ObpError').to.be.instanceOf(ObpError);
  const error = caught as ObpError;
  expect(error.code, error.message).to.equal(code);
  expect(error.httpStatus, error.message).to.equal(httpStatus);
  return error;
}
