import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { customerAttributeBody, customerV310Body } from './bodies.js';
import { createBank, createCustomer } from './endpoint-fixture.js';
import {
  customerAttributeKeys,
  expectObpError,
  expectSuccess,
  type CustomerAttributeJson,
  type CustomerJson,
} from './obp-assertions.js';

describe('customer attributes', () => {
  let gateway: TestGateway;
  let clerk: TestUser;
  let otherBank: string;
  let customer: CustomerJson;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    otherBank = await createBank(gateway);
    const creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    clerk = await gateway.user([
      ['CanCreateCustomerAttributeAtOneBank', demoBank],
      ['CanGetCustomerAttributesAtOneBank', demoBank],
    ]);
    customer = await createCustomer(gateway, creator, demoBank, customerV310Body());
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  const base = (version: string, customerId: string) =>
    `/obp/${version}/banks/${demoBank}/customers/${customerId}`;

  for (const version of ['v4.0.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      describe('OBPv4.0.0-createCustomerAttribute', () => {
        it('answers 201 with CustomerAttributeResponseJsonV300', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, customer.customer_id)}/attribute`)
            .set(clerk.auth)
            .send(customerAttributeBody());
          const body = expectSuccess<CustomerAttributeJson>(res, 201);
          expect(Object.keys(body)).to.have.members(customerAttributeKeys);
          expect(body).to.deep.include({
            name: 'SPECIAL_TAX_NUMBER',
            type: 'STRING',
            value: '123456789',
          });
          expect(body.customer_attribute_id).to.be.a('string').and.not.equal('');
        });

        for (const [type, value] of [
          ['INTEGER', '42'],
          ['DOUBLE', '4.2'],
          ['DATE_WITH_DAY', '2017-09-19'],
        ] as const) {
          it(`accepts type ${type}`, async () => {
            const res = await gateway
              .http()
              .post(`${base(version, customer.customer_id)}/attribute`)
              .set(clerk.auth)
              .send({ name: `ATTRIBUTE_${type}`, type, value });
            expect(expectSuccess<CustomerAttributeJson>(res, 201)).to.deep.include({ type, value });
          });
        }

        it('answers 400 OBP-10001 naming type for a type outside the enum', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, customer.customer_id)}/attribute`)
            .set(clerk.auth)
            .send(customerAttributeBody({ type: 'BOOLEAN' }));
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('CustomerAttributeJsonV400');
          expect(message).to.contain('type');
          expect(message).to.contain('STRING, INTEGER, DOUBLE, DATE_WITH_DAY');
        });

        it('accepts CanCreateCustomerAttributeAtAnyBank instead', async () => {
          const user = await gateway.user([['CanCreateCustomerAttributeAtAnyBank', '']]);
          const res = await gateway
            .http()
            .post(`${base(version, customer.customer_id)}/attribute`)
            .set(user.auth)
            .send(customerAttributeBody({ name: 'ANY_BANK' }));
          expectSuccess<CustomerAttributeJson>(res, 201);
        });

        it("answers 400 OBP-30113 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .post(`${base(version, elsewhere.customer_id)}/attribute`)
            .set(clerk.auth)
            .send(customerAttributeBody());
          expect(expectObpError(res, 400, 'OBP-30113')).to.contain(
            `Current BANK_ID(${demoBank}), Current CUSTOMER_ID(${elsewhere.customer_id})`,
          );
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, 'no-such-customer')}/attribute`)
            .set(clerk.auth)
            .send(customerAttributeBody());
          expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
            'Current CustomerId(no-such-customer)',
          );
        });
      });

      describe('OBPv4.0.0-getCustomerAttributes', () => {
        it('answers 200 with {customer_attributes: [...]} holding what was created', async () => {
          const fresh = await createCustomer(
            gateway,
            await gateway.user([['CanCreateCustomer', demoBank]]),
            demoBank,
          );
          const created = expectSuccess<CustomerAttributeJson>(
            await gateway
              .http()
              .post(`${base(version, fresh.customer_id)}/attribute`)
              .set(clerk.auth)
              .send(customerAttributeBody()),
            201,
          );
          const res = await gateway
            .http()
            .get(`${base(version, fresh.customer_id)}/attributes`)
            .set(clerk.auth);
          const body = expectSuccess<{ customer_attributes: CustomerAttributeJson[] }>(res, 200);
          expect(body).to.deep.equal({ customer_attributes: [created] });
        });

        it('accepts CanGetCustomerAttributesAtAnyBank instead', async () => {
          const user = await gateway.user([['CanGetCustomerAttributesAtAnyBank', '']]);
          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/attributes`)
            .set(user.auth);
          expectSuccess<{ customer_attributes: CustomerAttributeJson[] }>(res, 200);
        });

        it("answers 400 OBP-30113 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .get(`${base(version, elsewhere.customer_id)}/attributes`)
            .set(clerk.auth);
          expectObpError(res, 400, 'OBP-30113');
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .get(`${base(version, 'no-such-customer')}/attributes`)
            .set(clerk.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });
    });
  }
});
