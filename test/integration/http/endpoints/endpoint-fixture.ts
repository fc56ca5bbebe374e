import type { CallContext } from '../../../../src/connector/call-context.js';
import type { TestGateway, TestUser } from '../../../helpers/test-gateway.js';
import { customerV500Body, uniqueBankId, type CustomerV500Body } from './bodies.js';
import { expectSuccess, type CustomerJson } from './obp-assertions.js';

/** The call context of set-up calls made straight to the connector (not through HTTP). */
export const setupCallContext: CallContext = {
  correlationId: 'endpoint-test-setup',
  consumerId: null,
  user: null,
  passThrough: [],
};

/** Adds a bank to the gateway's backend and returns its id (a fresh one unless given). */
export async function createBank(gateway: TestGateway, bankId = uniqueBankId()): Promise<string> {
  await gateway.services.connector.call(
    'createOrUpdateBank',
    {
      bankId,
      shortName: 'Second Bank',
      fullName: 'Second Bank plc',
      logoUrl: 'https://www.example.com/second-bank/logo.png',
      websiteUrl: 'https://www.example.com/second-bank',
      bankRoutings: [],
    },
    setupCallContext,
  );
  return bankId;
}

/**
 * Creates a customer through `POST /obp/v5.1.0/banks/BANK_ID/customers`; `creator` must hold
 * CanCreateCustomerAtAnyBank (or CanCreateCustomer at the bank).
 */
export async function createCustomer(
  gateway: TestGateway,
  creator: TestUser,
  bankId: string,
  body: CustomerV500Body = customerV500Body(),
): Promise<CustomerJson> {
  const res = await gateway
    .http()
    .post(`/obp/v5.1.0/banks/${bankId}/customers`)
    .set(creator.auth)
    .send(body);
  return expectSuccess<CustomerJson>(res, 201);
}

/** Links a user to a customer straight through the connector. */
export async function linkUserToCustomer(
  gateway: TestGateway,
  userId: string,
  customer: CustomerJson,
): Promise<void> {
  await gateway.services.connector.call(
    'createUserCustomerLink',
    {
      bankId: customer.bank_id,
      userId,
      customerId: customer.customer_id,
      dateInserted: new Date(),
      isActive: true,
    },
    setupCallContext,
  );
}

/** Gives a customer an attribute straight through the connector. */
export async function addCustomerAttribute(
  gateway: TestGateway,
  customer: CustomerJson,
  name: string,
  value: string,
): Promise<void> {
  await gateway.services.connector.call(
    'createOrUpdateCustomerAttribute',
    {
      bankId: customer.bank_id,
      customerId: customer.customer_id,
      customerAttributeId: null,
      name,
      attributeType: 'STRING',
      value,
    },
    setupCallContext,
  );
}
