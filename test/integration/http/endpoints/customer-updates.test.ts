import { expect } from 'chai';
import type { RoleName } from '../../../../src/auth/roles.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { customerV310Body, uniqueCustomerNumber } from './bodies.js';
import { createBank, createCustomer } from './endpoint-fixture.js';
import {
  customerV310Keys,
  expectObpError,
  expectSuccess,
  type CustomerJson,
} from './obp-assertions.js';

/** One of the eight v3.1.0 PUT …/customers/CUSTOMER_ID/<suffix> updates (spec #14–#21). */
interface UpdateCase {
  readonly operationId: string;
  readonly suffix: string;
  readonly role: RoleName;
  readonly bodyName: string;
  readonly body: () => Record<string, unknown>;
  /** What the customer JSON shows after `body`. */
  readonly expected: (body: Record<string, unknown>) => Partial<CustomerJson>;
  readonly badBody: Record<string, unknown>;
  /** The field the 400 OBP-10001 message names for `badBody`. */
  readonly badField: string;
}

const cases: readonly UpdateCase[] = [
  {
    operationId: 'OBPv3.1.0-updateCustomerEmail',
    suffix: 'email',
    role: 'CanUpdateCustomerEmail',
    bodyName: 'PutUpdateCustomerEmailJsonV310',
    body: () => ({ email: 'eveline@example.com' }),
    expected: () => ({ email: 'eveline@example.com' }),
    badBody: { email: 42 },
    badField: 'email',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerNumber',
    suffix: 'number',
    role: 'CanUpdateCustomerNumber',
    bodyName: 'PutUpdateCustomerNumberJsonV310',
    body: () => ({ customer_number: uniqueCustomerNumber() }),
    expected: (body) => ({ customer_number: body.customer_number as string }),
    badBody: {},
    badField: 'customer_number',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerMobileNumber',
    suffix: 'mobile-number',
    role: 'CanUpdateCustomerMobilePhoneNumber',
    bodyName: 'PutUpdateCustomerMobileNumberJsonV310',
    body: () => ({ mobile_phone_number: '+44 07972 444 999' }),
    expected: () => ({ mobile_phone_number: '+44 07972 444 999' }),
    badBody: { mobile_phone: '+44 07972 444 999' },
    badField: 'mobile_phone_number',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerIdentity',
    suffix: 'identity',
    role: 'CanUpdateCustomerIdentity',
    bodyName: 'PutUpdateCustomerIdentityJsonV310',
    body: () => ({
      legal_name: 'Eveline Tripman-Smith',
      date_of_birth: '1990-01-01T00:00:00Z',
      title: 'Prof.',
      name_suffix: 'Jr',
    }),
    expected: () => ({
      legal_name: 'Eveline Tripman-Smith',
      date_of_birth: '1990-01-01T00:00:00Z',
      title: 'Prof.',
      name_suffix: 'Jr',
    }),
    badBody: {
      legal_name: 'Eveline Tripman',
      date_of_birth: '01/01/1990',
      title: 'Dr.',
      name_suffix: 'Sr',
    },
    badField: 'date_of_birth',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerCreditLimit',
    suffix: 'credit-limit',
    role: 'CanUpdateCustomerCreditLimit',
    bodyName: 'PutUpdateCustomerCreditLimitJsonV310',
    body: () => ({ credit_limit: { currency: 'EUR', amount: '5000.50' } }),
    expected: () => ({ credit_limit: { currency: 'EUR', amount: '5000.50' } }),
    badBody: { credit_limit: { currency: 'EUR', amount: 'lots' } },
    badField: 'credit_limit.amount',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerCreditRatingAndSource',
    suffix: 'credit-rating-and-source',
    role: 'CanUpdateCustomerCreditRatingAndSource',
    bodyName: 'PutUpdateCustomerCreditRatingAndSourceJsonV310',
    // Flat strings, unlike the {rating, source} object of the create bodies.
    body: () => ({ credit_rating: 'AAA', credit_source: 'Experian' }),
    expected: () => ({ credit_rating: { rating: 'AAA', source: 'Experian' } }),
    badBody: { credit_rating: { rating: 'AAA', source: 'Experian' } },
    badField: 'credit_rating',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerBranch',
    suffix: 'branch',
    role: 'CanUpdateCustomerBranch',
    bodyName: 'PutUpdateCustomerBranchJsonV310',
    body: () => ({ branch_id: 'DERBY7' }),
    expected: () => ({ branch_id: 'DERBY7' }),
    badBody: { branch_id: 7 },
    badField: 'branch_id',
  },
  {
    operationId: 'OBPv3.1.0-updateCustomerData',
    suffix: 'data',
    role: 'CanUpdateCustomerData',
    bodyName: 'PutUpdateCustomerDataJsonV310',
    body: () => ({
      face_image: { url: 'www.openbankproject.com/eveline.png', date: '2018-02-03T04:05:06Z' },
      relationship_status: 'married',
      dependants: 2,
      highest_education_attained: 'PhD',
      employment_status: 'retired',
    }),
    expected: () => ({
      face_image: { url: 'www.openbankproject.com/eveline.png', date: '2018-02-03T04:05:06Z' },
      relationship_status: 'married',
      dependants: 2,
      highest_education_attained: 'PhD',
      employment_status: 'retired',
    }),
    badBody: {
      face_image: { url: 'www.openbankproject', date: '2018-02-03T04:05:06Z' },
      relationship_status: 'married',
      dependants: 'two',
      highest_education_attained: 'PhD',
      employment_status: 'retired',
    },
    badField: 'dependants',
  },
];

describe('PUT /banks/BANK_ID/customers/CUSTOMER_ID/…', () => {
  let gateway: TestGateway;
  let creator: TestUser;
  let reader: TestUser;
  let otherBank: string;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    otherBank = await createBank(gateway);
    creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    reader = await gateway.user([
      ['CanGetCustomer', demoBank],
      ['CanGetCustomer', otherBank],
    ]);
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  const newCustomer = () =>
    createCustomer(gateway, creator, demoBank, {
      ...customerV310Body(),
      customer_number: uniqueCustomerNumber(),
    });

  for (const c of cases) {
    describe(c.operationId, () => {
      let updater: TestUser;
      before(async () => {
        updater = await gateway.user([[c.role, demoBank]]);
      });

      for (const version of ['v3.1.0', 'v5.1.0']) {
        describe(`under ${version}`, () => {
          const path = (customerId: string, bankId = demoBank) =>
            `/obp/${version}/banks/${bankId}/customers/${customerId}/${c.suffix}`;

          it('answers 200 with CustomerJsonV310 showing the change, and the change reads back', async () => {
            const before = await newCustomer();
            const sent = c.body();
            const res = await gateway
              .http()
              .put(path(before.customer_id))
              .set(updater.auth)
              .send(sent);
            const body = expectSuccess<CustomerJson>(res, 200);
            expect(Object.keys(body)).to.have.members(customerV310Keys);
            expect(body).to.deep.equal({ ...before, ...c.expected(sent) });

            const read = await gateway
              .http()
              .get(`/obp/${version}/banks/${demoBank}/customers/${before.customer_id}`)
              .set(reader.auth);
            const { customer_attributes: _attributes, ...again } = expectSuccess<CustomerJson>(
              read,
              200,
            );
            expect(again).to.deep.equal(body);
          });

          it('answers 404 OBP-30046 with the CustomerId detail for an unknown customer', async () => {
            const res = await gateway
              .http()
              .put(path('no-such-customer'))
              .set(updater.auth)
              .send(c.body());
            expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
              '.. Current CustomerId(no-such-customer)',
            );
          });

          it("answers 404 OBP-30046 for another bank's customer", async () => {
            const res = await gateway
              .http()
              .put(path(elsewhere.customer_id))
              .set(updater.auth)
              .send(c.body());
            expectObpError(res, 404, 'OBP-30046');
          });

          it(`answers 400 OBP-10001 naming ${c.badField}`, async () => {
            const customer = await newCustomer();
            const res = await gateway
              .http()
              .put(path(customer.customer_id))
              .set(updater.auth)
              .send(c.badBody);
            const message = expectObpError(res, 400, 'OBP-10001');
            expect(message).to.contain(c.bodyName);
            expect(message).to.contain(c.badField);
          });
        });
      }
    });
  }

  describe('OBPv3.1.0-updateCustomerNumber: numbers', () => {
    let updater: TestUser;
    before(async () => {
      updater = await gateway.user([
        ['CanUpdateCustomerNumber', demoBank],
        ['CanGetCustomer', demoBank],
      ]);
    });

    for (const version of ['v3.1.0', 'v5.1.0']) {
      it(`answers 400 OBP-30006 under ${version} for a number taken at the bank`, async () => {
        const taken = await newCustomer();
        const customer = await newCustomer();
        const res = await gateway
          .http()
          .put(`/obp/${version}/banks/${demoBank}/customers/${customer.customer_id}/number`)
          .set(updater.auth)
          .send({ customer_number: taken.customer_number });
        expect(expectObpError(res, 400, 'OBP-30006')).to.contain(
          `Current customer_number(${taken.customer_number}) and Current bank_id(${demoBank})`,
        );
      });

      it(`moves the customer to the new number under ${version}`, async () => {
        const customer = await newCustomer();
        const number = uniqueCustomerNumber();
        const res = await gateway
          .http()
          .put(`/obp/${version}/banks/${demoBank}/customers/${customer.customer_id}/number`)
          .set(updater.auth)
          .send({ customer_number: number });
        expectSuccess<CustomerJson>(res, 200);
        const byNumber = (customerNumber: string) =>
          gateway
            .http()
            .post(`/obp/${version}/banks/${demoBank}/customers/customer-number`)
            .set(updater.auth)
            .send({ customer_number: customerNumber });
        expect(expectSuccess<CustomerJson>(await byNumber(number), 200).customer_id).to.equal(
          customer.customer_id,
        );
        expectObpError(await byNumber(customer.customer_number), 404, 'OBP-30002');
      });
    }
  });

  describe('OBPv3.1.0-updateCustomerCreditRatingAndSource: roles', () => {
    for (const version of ['v3.1.0', 'v5.1.0']) {
      it(`accepts CanUpdateCustomerCreditRatingAndSourceAtAnyBank under ${version}`, async () => {
        const user = await gateway.user([['CanUpdateCustomerCreditRatingAndSourceAtAnyBank', '']]);
        const customer = await newCustomer();
        const res = await gateway
          .http()
          .put(
            `/obp/${version}/banks/${demoBank}/customers/${customer.customer_id}/credit-rating-and-source`,
          )
          .set(user.auth)
          .send({ credit_rating: 'B', credit_source: 'OBP' });
        expect(expectSuccess<CustomerJson>(res, 200).credit_rating).to.deep.equal({
          rating: 'B',
          source: 'OBP',
        });
      });
    }
  });

  // ⚠ OBP documents CanUpdateCustomerIdentity for these two but enforces its own role.
  for (const [operationId, suffix, enforced, body] of [
    [
      'OBPv3.1.0-updateCustomerBranch',
      'branch',
      'CanUpdateCustomerBranch',
      { branch_id: 'DERBY8' },
    ],
    [
      'OBPv3.1.0-updateCustomerData',
      'data',
      'CanUpdateCustomerData',
      {
        face_image: { url: 'www.openbankproject', date: '2018-02-03T04:05:06Z' },
        relationship_status: 'married',
        dependants: 1,
        highest_education_attained: 'PhD',
        employment_status: 'retired',
      },
    ],
  ] as const) {
    describe(`${operationId}: enforced role`, () => {
      for (const version of ['v3.1.0', 'v5.1.0']) {
        it(`refuses the documented CanUpdateCustomerIdentity alone under ${version} (403 OBP-20006 naming ${enforced})`, async () => {
          const user = await gateway.user([['CanUpdateCustomerIdentity', demoBank]]);
          const customer = await newCustomer();
          const res = await gateway
            .http()
            .put(`/obp/${version}/banks/${demoBank}/customers/${customer.customer_id}/${suffix}`)
            .set(user.auth)
            .send(body);
          expect(expectObpError(res, 403, 'OBP-20006')).to.equal(
            `OBP-20006: User is missing one or more roles: ${enforced} at Bank(${demoBank})`,
          );
        });
      }
    });
  }
});
