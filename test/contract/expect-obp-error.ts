import { expect } from 'chai';
import { ObpError } from '../../src/errors/obp-error.js';

/**
 * Asserts that `failure` is the gateway error an OBP client would see: the exact OBP code
 * (e.g. `OBP-30046`) and HTTP status — never merely that something was thrown.
 */
export function expectObpFailure(failure: unknown, code: string, httpStatus: number): void {
  expect(failure, `expected a failure with ${code}`).to.be.instanceOf(ObpError);
  const { code: actualCode, httpStatus: actualStatus } = failure as ObpError;
  expect({ code: actualCode, httpStatus: actualStatus }).to.deep.equal({ code, httpStatus });
}

/** Asserts that `call` fails with this OBP code and HTTP status (see `expectObpFailure`). */
export async function expectObpError(
  call: Promise<unknown>,
  code: string,
  httpStatus: number,
): Promise<void> {
  let failure: unknown;
  try {
    await call;
  } catch (err) {
    failure = err;
  }
  expectObpFailure(failure, code, httpStatus);
}
