import { expect } from 'chai';
import type { Response } from 'supertest';
import { createSqlAdapter, type SqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import { openTestDatabase } from '../../helpers/test-database.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { customerV500Body, uniqueCustomerNumber } from '../http/endpoints/bodies.js';
import {
  expectObpError,
  expectSuccess,
  type CustomerJson,
} from '../http/endpoints/obp-assertions.js';

const concurrency = 50;
const customersPath = `/obp/v5.1.0/banks/${demoBank}/customers`;

/** Asserts exactly one `success`, and OBP-30006 (400) for every other response: no 5xx. */
function expectOneWinner(responses: readonly Response[], success: number): Response {
  const statuses = responses.map((res) => res.status);
  expect(
    statuses.filter((status) => status === success),
    statuses.join(','),
  ).to.have.length(1);
  for (const res of responses) {
    if (res.status !== success) expectObpError(res, 400, 'OBP-30006');
  }
  const winner = responses.find((res) => res.status === success);
  if (!winner) throw new Error('no winner');
  return winner;
}

describe('sql adapter on PostgreSQL: concurrent HTTP writes to one customer number', () => {
  let adapter: SqlAdapter;
  let gateway: TestGateway;
  let user: TestUser;

  before(async () => {
    adapter = await createSqlAdapter({ client: await openTestDatabase() });
    gateway = await startTestGateway({ adapter });
    user = await gateway.user([
      ['CanCreateCustomer', demoBank],
      ['CanUpdateCustomerNumber', demoBank],
      ['CanGetCustomer', demoBank],
    ]);
  });
  after(async () => {
    await gateway?.close();
    await adapter?.close();
  });

  const numberHolders = async (customerNumber: string): Promise<string[]> =>
    (
      await adapter.client.query<{ customer_id: string }>(
        'SELECT customer_id FROM customers WHERE bank_id = $1 AND customer_number = $2',
        [demoBank, customerNumber],
      )
    ).map((row) => row.customer_id);

  it(`lets exactly one of ${concurrency} concurrent creations with one number succeed`, async () => {
    const customerNumber = uniqueCustomerNumber();
    const responses = await Promise.all(
      Array.from({ length: concurrency }, (_, i) =>
        gateway
          .http()
          .post(customersPath)
          .set(user.auth)
          .send(customerV500Body({ customer_number: customerNumber, legal_name: `Racer ${i}` })),
      ),
    );
    const winner = expectSuccess<CustomerJson>(expectOneWinner(responses, 201), 201);
    expect(winner.customer_number).to.equal(customerNumber);
    expect(await numberHolders(customerNumber)).to.deep.equal([winner.customer_id]);
  });

  it(`lets exactly one of ${concurrency} customers take one number at once`, async () => {
    const customers = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const res = await gateway
          .http()
          .post(customersPath)
          .set(user.auth)
          .send(customerV500Body({ customer_number: uniqueCustomerNumber() }));
        return expectSuccess<CustomerJson>(res, 201);
      }),
    );
    const target = uniqueCustomerNumber();
    const responses = await Promise.all(
      customers.map((customer) =>
        gateway
          .http()
          .put(`${customersPath}/${customer.customer_id}/number`)
          .set(user.auth)
          .send({ customer_number: target }),
      ),
    );
    const winner = expectSuccess<CustomerJson>(expectOneWinner(responses, 200), 200);
    expect(await numberHolders(target)).to.deep.equal([winner.customer_id]);
    // The losers kept their own numbers.
    for (const customer of customers) {
      if (customer.customer_id === winner.customer_id) continue;
      expect(await numberHolders(customer.customer_number)).to.deep.equal([customer.customer_id]);
    }
  });
});
