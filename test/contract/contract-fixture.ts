import { randomBytes, randomInt } from 'node:crypto';
import type { Customer } from '../../src/codec/generated/messages.js';
import type { ArgsOf, DataOf, MethodName } from '../../src/codec/message-types.js';
import type { CallOptions, Connector } from '../../src/connector/connector.js';
import { testCallContext } from '../helpers/in-process-connector.js';

/** The one bank every backend under test must already have. */
export const demoBankId = 'gh.29.uk';

/** A value no earlier run against a persistent backend can have used. */
export function uniqueToken(): string {
  return randomBytes(8).toString('hex');
}

/**
 * A customer number no earlier run used. Above 2^47, so it cannot collide with numbers adapters
 * generate in the usual 32-bit range either.
 */
export function unusedCustomerNumber(): string {
  return String(randomInt(2 ** 47, 2 ** 48 - 1));
}

/**
 * Waits long enough for the next write to get a later millisecond timestamp, where a test checks
 * an order by date (ties in date order are left to the backend).
 */
export function nextMillisecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 3));
}

/** updateCustomerGeneralData arguments that change nothing; spread and set what should. */
export { noGeneralChange } from '../../src/connector/no-change.js';

/** createCustomer arguments for a plausible customer at the demo bank. */
export function customerArgs(
  overrides: Partial<ArgsOf<'createCustomer'>> = {},
): ArgsOf<'createCustomer'> {
  return {
    bankId: demoBankId,
    customerNumber: unusedCustomerNumber(),
    legalName: 'Eveline Tripman',
    mobileNumber: `+44 07972 ${uniqueToken()}`,
    email: 'eveline@example.com',
    faceImage: {
      url: 'https://www.example.com/id-docs/123/image.png',
      date: new Date(1580083200000),
    },
    dateOfBirth: new Date('1990-03-09T00:00:00Z'),
    relationshipStatus: 'single',
    dependents: 1,
    dobOfDependents: [new Date('2019-09-08T00:00:00Z')],
    highestEducationAttained: 'Master',
    employmentStatus: 'worker',
    kycStatus: true,
    lastOkDate: new Date('2024-02-13T20:38:16Z'),
    creditRating: { rating: 'OBP', source: 'OBP' },
    creditLimit: { currency: 'EUR', amount: '10.12' },
    title: 'Dr.',
    branchId: 'DERBY6',
    nameSuffix: 'Sr',
    ...overrides,
  };
}

/**
 * What every contract test shares: the connector under test (attached by the suite's `before`
 * hook, since mocha builds the test tree before any hook runs), a second bank for cross-bank
 * checks, and shortcuts for common calls.
 */
export class ContractFixture {
  /** A bank the suite creates, so that "another bank" exists on every backend. */
  readonly otherBankId = `contract-${uniqueToken()}`;
  private current: Connector | undefined;

  attach(connector: Connector | undefined): void {
    this.current = connector;
  }

  get connector(): Connector {
    if (!this.current) throw new Error('The contract suite used its connector outside its hooks.');
    return this.current;
  }

  /**
   * Calls a connector method as a logged-in test user. Returns a plain copy of the data: decoded
   * Avro records carry enumerable prototype methods that chai's deep equality would compare.
   */
  async call<M extends MethodName>(
    method: M,
    args: ArgsOf<M>,
    options?: CallOptions,
  ): Promise<DataOf<M>> {
    return structuredClone(await this.connector.call(method, args, testCallContext(), options));
  }

  /** Creates a customer (at the demo bank unless `overrides.bankId` says otherwise). */
  createCustomer(overrides: Partial<ArgsOf<'createCustomer'>> = {}): Promise<Customer> {
    return this.call('createCustomer', customerArgs(overrides));
  }
}
