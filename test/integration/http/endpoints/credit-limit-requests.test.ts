import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { creditLimitRequestBody, customerV310Body } from './bodies.js';
import { createBank, createCustomer } from './endpoint-fixture.js';
import {
  expectObpError,
  expectSuccess,
  obpDateTimePattern,
  type CustomerJson,
} from './obp-assertions.js';

/** CreditLimitOrderResponseJson. */
interface OrderResponseJson {
  execution_time: string;
  execution_date: string;
  token: string;
  short_reference: string;
}

/** CreditLimitOrderJson, with the fields Southgate adds for a real resource. */
type OrderJson = Record<string, string> & {
  rank_amount_1: string;
  rank_amount_2: string;
  credit_limit_request_id: string;
};

const orderKeys = [
  // OBP's CreditLimitOrderJson
  'rank_amount_1',
  'nominal_interest_1',
  'rank_amount_2',
  'nominal_interest_2',
  // what a stored request adds
  'credit_limit_request_id',
  'short_reference',
  'status',
  'requested_current_rate_amount1',
  'requested_current_rate_amount2',
  'requested_current_valid_end_date',
  'current_credit_documentation',
  'temporary_requested_current_amount',
  'requested_temporary_valid_end_date',
  'temporary_credit_documentation',
  'created_at',
];

// OBP served anonymous sample data and removed these in 2023; Southgate stores real requests
// and requires login.
describe('credit limit requests', () => {
  let gateway: TestGateway;
  let customerUser: TestUser;
  let customer: CustomerJson;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    const otherBank = await createBank(gateway);
    const creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    customerUser = await gateway.user();
    customer = await createCustomer(gateway, creator, demoBank, customerV310Body());
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  const base = (version: string, customerId: string) =>
    `/obp/${version}/banks/${demoBank}/customers/${customerId}/credit_limit/requests`;

  async function createRequest(version: string): Promise<OrderResponseJson> {
    const res = await gateway
      .http()
      .post(base(version, customer.customer_id))
      .set(customerUser.auth)
      .send(creditLimitRequestBody());
    return expectSuccess<OrderResponseJson>(res, 201);
  }

  for (const version of ['v3.1.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      describe('OBPv3.1.0-createCreditLimitRequest', () => {
        it('answers 201 with CreditLimitOrderResponseJson whose token is the request id', async () => {
          const created = await createRequest(version);
          expect(Object.keys(created)).to.have.members([
            'execution_time',
            'execution_date',
            'token',
            'short_reference',
          ]);
          expect(created.execution_time).to.match(/^\d{2}:\d{2}:\d{2}$/);
          expect(created.execution_date).to.match(/^\d{4}-\d{2}-\d{2}$/);
          expect(created.short_reference).to.be.a('string').and.not.equal('');

          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/${created.token}`)
            .set(customerUser.auth);
          const order = expectSuccess<OrderJson>(res, 200);
          expect(order.credit_limit_request_id).to.equal(created.token);
          expect(order.short_reference).to.equal(created.short_reference);
        });

        it('requires login (401 OBP-20001), unlike OBP', async () => {
          const res = await gateway
            .http()
            .post(base(version, customer.customer_id))
            .send(creditLimitRequestBody());
          expectObpError(res, 401, 'OBP-20001');
        });

        it('answers 400 OBP-10001 naming a field that is not a string', async () => {
          const res = await gateway
            .http()
            .post(base(version, customer.customer_id))
            .set(customerUser.auth)
            .send({ ...creditLimitRequestBody(), requested_current_rate_amount1: 1000 });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('CreditLimitRequestJson');
          expect(message).to.contain('requested_current_rate_amount1');
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .post(base(version, 'no-such-customer'))
            .set(customerUser.auth)
            .send(creditLimitRequestBody());
          expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
            'Current CustomerId(no-such-customer)',
          );
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .post(base(version, elsewhere.customer_id))
            .set(customerUser.auth)
            .send(creditLimitRequestBody());
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-getCreditLimitRequestByRequestId', () => {
        it('answers 200 with CreditLimitOrderJson and what was asked', async () => {
          const created = await createRequest(version);
          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/${created.token}`)
            .set(customerUser.auth);
          const order = expectSuccess<OrderJson>(res, 200);
          expect(Object.keys(order)).to.have.members(orderKeys);
          expect(order).to.deep.include({
            ...creditLimitRequestBody(),
            rank_amount_1: '1000',
            rank_amount_2: '2000',
          });
          expect(order.created_at).to.match(obpDateTimePattern);
        });

        it('answers 404 OBP-10405 for an unknown request id', async () => {
          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/no-such-request`)
            .set(customerUser.auth);
          expect(expectObpError(res, 404, 'OBP-10405')).to.contain(
            'Current REQUEST_ID(no-such-request)',
          );
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .get(`${base(version, elsewhere.customer_id)}/any-request`)
            .set(customerUser.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-getCreditLimitRequests', () => {
        it("answers 200 with {credit_limit_requests: [...]} holding the customer's requests", async () => {
          const created = await createRequest(version);
          const res = await gateway
            .http()
            .get(base(version, customer.customer_id))
            .set(customerUser.auth);
          const body = expectSuccess<{ credit_limit_requests: OrderJson[] }>(res, 200);
          expect(Object.keys(body)).to.deep.equal(['credit_limit_requests']);
          expect(body.credit_limit_requests.map((r) => r.credit_limit_request_id)).to.include(
            created.token,
          );
          for (const order of body.credit_limit_requests)
            expect(Object.keys(order)).to.have.members(orderKeys);
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .get(base(version, 'no-such-customer'))
            .set(customerUser.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });
    });
  }
});
