import { expect } from 'chai';
import { setTimeout as pause } from 'node:timers/promises';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import {
  customerV310Body,
  customerV500Body,
  uniqueBankId,
  uniqueCustomerNumber,
} from './bodies.js';
import {
  addCustomerAttribute,
  createBank,
  createCustomer,
  linkUserToCustomer,
} from './endpoint-fixture.js';
import {
  customerAttributeKeys,
  customerV210Keys,
  customerV310Keys,
  customerWithAttributesKeys,
  expectObpError,
  expectSuccess,
  obpDateTimePattern,
  obpDayPattern,
  type CustomerJson,
  type CustomersJson,
} from './obp-assertions.js';

const ids = (list: CustomersJson) => list.customers.map((c) => c.customer_id);

/** Asserts the V300 date forms: days for birth dates, date-times elsewhere. */
function expectV300Dates(c: CustomerJson): void {
  expect(c.date_of_birth).to.match(obpDayPattern).and.equal('2017-09-19');
  expect(c.dob_of_dependants).to.deep.equal(['2017-09-19']);
  expect(c.face_image.date).to.equal('2017-09-19T00:00:00Z');
  expect(c.last_ok_date).to.equal('2017-09-19T00:00:00Z');
}

/** Asserts the date-time forms of the V210 / V310 shapes. */
function expectDateTimes(c: CustomerJson): void {
  expect(c.date_of_birth).to.match(obpDateTimePattern).and.equal('2017-09-19T00:00:00Z');
  expect(c.dob_of_dependants).to.deep.equal(['2017-09-19T00:00:00Z']);
  expect(c.face_image.date).to.match(obpDateTimePattern);
  expect(c.last_ok_date).to.match(obpDateTimePattern);
}

describe('customer reads', () => {
  let gateway: TestGateway;
  let creator: TestUser;
  let reader: TestUser;
  let me: TestUser;
  let otherBank: string;
  /** Linked to `me`, at the demo bank, with an attribute. */
  let mine: CustomerJson;
  /** Linked to `me`, at the other bank. */
  let mineElsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    otherBank = await createBank(gateway);
    creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    reader = await gateway.user([
      ['CanGetCustomer', demoBank],
      ['CanGetCustomer', otherBank],
    ]);
    me = await gateway.user();
    mine = await createCustomer(gateway, creator, demoBank, {
      ...customerV310Body(),
      customer_number: uniqueCustomerNumber(),
    });
    await addCustomerAttribute(gateway, mine, 'SPECIAL_TAX_NUMBER', '123456789');
    mineElsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
    await linkUserToCustomer(gateway, me.userId, mine);
    await linkUserToCustomer(gateway, me.userId, mineElsewhere);
  });

  after(() => gateway.close());

  describe('OBPv3.1.0-getCustomerByCustomerId', () => {
    for (const version of ['v3.1.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        const path = (bankId: string, customerId: string) =>
          `/obp/${version}/banks/${bankId}/customers/${customerId}`;

        it('answers 200 with CustomerWithAttributesJsonV310', async () => {
          const res = await gateway.http().get(path(demoBank, mine.customer_id)).set(reader.auth);
          const body = expectSuccess<CustomerJson>(res, 200);
          expect(Object.keys(body)).to.have.members(customerWithAttributesKeys);
          const { customer_attributes: attributes, ...customer } = body;
          expect(customer).to.deep.equal(mine);
          expectDateTimes(body);
          expect(attributes).to.have.length(1);
          expect(Object.keys(attributes?.[0] ?? {})).to.have.members(customerAttributeKeys);
          expect(attributes?.[0]).to.deep.include({
            name: 'SPECIAL_TAX_NUMBER',
            type: 'STRING',
            value: '123456789',
          });
        });

        it('answers 404 OBP-30046 with the CustomerId detail for an unknown customer', async () => {
          const res = await gateway.http().get(path(demoBank, 'no-such-customer')).set(reader.auth);
          expect(expectObpError(res, 404, 'OBP-30046')).to.equal(
            'OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.. Current CustomerId(no-such-customer)',
          );
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .get(path(demoBank, mineElsewhere.customer_id))
            .set(reader.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });
    }
  });

  describe('OBPv3.1.0-getCustomerByCustomerNumber', () => {
    for (const version of ['v3.1.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        const path = (bankId: string) =>
          `/obp/${version}/banks/${bankId}/customers/customer-number`;

        it('answers 200 (not 201) with CustomerWithAttributesJsonV310', async () => {
          const res = await gateway
            .http()
            .post(path(demoBank))
            .set(reader.auth)
            .send({ customer_number: mine.customer_number });
          const body = expectSuccess<CustomerJson>(res, 200);
          expect(Object.keys(body)).to.have.members(customerWithAttributesKeys);
          const { customer_attributes: attributes, ...customer } = body;
          expect(customer).to.deep.equal(mine);
          expect(attributes?.map((a) => a.name)).to.deep.equal(['SPECIAL_TAX_NUMBER']);
        });

        it('answers 404 OBP-30002 for an unknown number', async () => {
          const res = await gateway
            .http()
            .post(path(demoBank))
            .set(reader.auth)
            .send({ customer_number: 'no-such-number' });
          expectObpError(res, 404, 'OBP-30002');
        });

        it("answers 404 OBP-30002 for the number of another bank's customer", async () => {
          const res = await gateway
            .http()
            .post(path(demoBank))
            .set(reader.auth)
            .send({ customer_number: mineElsewhere.customer_number });
          expectObpError(res, 404, 'OBP-30002');
        });

        it('answers 400 OBP-10001 naming customer_number when it is not a string', async () => {
          const res = await gateway
            .http()
            .post(path(demoBank))
            .set(reader.auth)
            .send({ customer_number: 5987953 });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('PostCustomerNumberJsonV310');
          expect(message).to.contain('customer_number');
        });
      });
    }
  });

  describe('OBPv2.1.0-getCustomersForUser', () => {
    it('answers 200 under v2.1.0 with CustomerJSONs of the caller, dates as date-times', async () => {
      const res = await gateway.http().get('/obp/v2.1.0/users/current/customers').set(me.auth);
      const body = expectSuccess<CustomersJson>(res, 200);
      expect(Object.keys(body)).to.deep.equal(['customers']);
      expect(ids(body)).to.have.members([mine.customer_id, mineElsewhere.customer_id]);
      for (const customer of body.customers) {
        expect(Object.keys(customer)).to.have.members([...customerV210Keys]);
        expectDateTimes(customer);
      }
    });

    it('answers an empty list to a user without customers', async () => {
      const loner = await gateway.user();
      const res = await gateway.http().get('/obp/v2.1.0/users/current/customers').set(loner.auth);
      expect(expectSuccess<CustomersJson>(res, 200)).to.deep.equal({ customers: [] });
    });

    it('is not served under v2.2.0 (404 OBP-10404)', async () => {
      const res = await gateway.http().get('/obp/v2.2.0/users/current/customers').set(me.auth);
      expectObpError(res, 404, 'OBP-10404');
    });
  });

  describe('OBPv3.0.0-getCustomersForUser', () => {
    for (const version of ['v3.0.0', 'v5.1.0']) {
      it(`answers 200 under ${version} with CustomersWithAttributesJsonV300 (yyyy-MM-dd birth dates)`, async () => {
        const res = await gateway
          .http()
          .get(`/obp/${version}/users/current/customers`)
          .set(me.auth);
        const body = expectSuccess<CustomersJson>(res, 200);
        expect(ids(body)).to.have.members([mine.customer_id, mineElsewhere.customer_id]);
        for (const customer of body.customers) {
          expect(Object.keys(customer)).to.have.members(customerWithAttributesKeys);
          expectV300Dates(customer);
        }
        const withAttribute = body.customers.find((c) => c.customer_id === mine.customer_id);
        expect(withAttribute?.customer_attributes?.map((a) => a.value)).to.deep.equal([
          '123456789',
        ]);
      });
    }
  });

  describe('OBPv5.1.0-getCustomersForUserIdsOnly', () => {
    it('answers 200 under v5.1.0 with the ids alone', async () => {
      const res = await gateway
        .http()
        .get('/obp/v5.1.0/users/current/customers/customer_ids')
        .set(me.auth);
      const body = expectSuccess<{ customers: { id: string }[] }>(res, 200);
      expect(body.customers).to.have.deep.members([
        { id: mine.customer_id },
        { id: mineElsewhere.customer_id },
      ]);
    });

    it('is not served under v5.0.0 (404 OBP-10404)', async () => {
      const res = await gateway
        .http()
        .get('/obp/v5.0.0/users/current/customers/customer_ids')
        .set(me.auth);
      expectObpError(res, 404, 'OBP-10404');
    });
  });

  for (const [operationId, versions, path] of [
    ['OBPv2.1.0-getCustomersForCurrentUserAtBank', ['v2.1.0', 'v3.1.0'], 'customers'],
    ['OBPv5.0.0-getMyCustomersAtBank', ['v5.0.0', 'v5.1.0'], 'my/customers'],
  ] as const) {
    describe(operationId, () => {
      for (const version of versions) {
        describe(`under ${version}`, () => {
          it("answers 200 with CustomerJSONs of the caller's customers at this bank only", async () => {
            const res = await gateway
              .http()
              .get(`/obp/${version}/banks/${demoBank}/${path}`)
              .set(me.auth);
            const body = expectSuccess<CustomersJson>(res, 200);
            expect(ids(body)).to.deep.equal([mine.customer_id]);
            expect(Object.keys(body.customers[0] ?? {})).to.have.members([...customerV210Keys]);
            expectDateTimes(body.customers[0] as CustomerJson);

            const elsewhere = await gateway
              .http()
              .get(`/obp/${version}/banks/${otherBank}/${path}`)
              .set(me.auth);
            expect(ids(expectSuccess<CustomersJson>(elsewhere, 200))).to.deep.equal([
              mineElsewhere.customer_id,
            ]);
          });

          it('answers 404 OBP-30001 for an unknown bank', async () => {
            const bankId = uniqueBankId();
            const res = await gateway
              .http()
              .get(`/obp/${version}/banks/${bankId}/${path}`)
              .set(me.auth);
            expect(expectObpError(res, 404, 'OBP-30001')).to.contain(`Current BankId is ${bankId}`);
          });
        });
      }
    });
  }

  describe('OBPv5.0.0-getMyCustomersAtAnyBank', () => {
    for (const version of ['v5.0.0', 'v5.1.0']) {
      it(`answers 200 under ${version} with CustomerJSONs of the caller at every bank`, async () => {
        const res = await gateway.http().get(`/obp/${version}/my/customers`).set(me.auth);
        const body = expectSuccess<CustomersJson>(res, 200);
        expect(ids(body)).to.have.members([mine.customer_id, mineElsewhere.customer_id]);
        for (const customer of body.customers) {
          expect(Object.keys(customer)).to.have.members([...customerV210Keys]);
        }
      });
    }
  });

  describe('OBPv4.0.0-getCustomersByAttributes', () => {
    it('answers 200 under v4.0.0 with the customers whose attributes match the query', async () => {
      const res = await gateway
        .http()
        .get(`/obp/v4.0.0/banks/${demoBank}/customers?SPECIAL_TAX_NUMBER=123456789`)
        .set(reader.auth);
      const body = expectSuccess<CustomersJson>(res, 200);
      expect(ids(body)).to.deep.equal([mine.customer_id]);
      const customer = body.customers[0] as CustomerJson;
      expect(Object.keys(customer)).to.have.members(customerWithAttributesKeys);
      expectDateTimes(customer);
      expect(customer.customer_attributes?.map((a) => a.name)).to.deep.equal([
        'SPECIAL_TAX_NUMBER',
      ]);

      const none = await gateway
        .http()
        .get(`/obp/v4.0.0/banks/${demoBank}/customers?SPECIAL_TAX_NUMBER=0`)
        .set(reader.auth);
      expect(expectSuccess<CustomersJson>(none, 200)).to.deep.equal({ customers: [] });
    });
  });

  describe('customer pages', () => {
    let pagingBank: string;
    /** Oldest first. */
    let paged: CustomerJson[];

    before(async () => {
      pagingBank = await createBank(gateway);
      paged = [];
      for (const tier of ['gold', 'silver', 'gold']) {
        const customer = await createCustomer(gateway, creator, pagingBank, customerV310Body());
        await addCustomerAttribute(gateway, customer, 'TIER', tier);
        paged.push(customer);
        // Distinct creation instants, so the creation order is the date order.
        await pause(5);
      }
      await addCustomerAttribute(gateway, paged[0] as CustomerJson, 'REGION', 'north');
    });

    const pagedIds = (...indexes: number[]) => indexes.map((i) => paged[i]?.customer_id);

    describe('OBPv5.0.0-getCustomersAtOneBank', () => {
      for (const version of ['v5.0.0', 'v5.1.0']) {
        describe(`under ${version}`, () => {
          let user: TestUser;
          before(async () => {
            user = await gateway.user([['CanGetCustomers', pagingBank]]);
          });
          const path = () => `/obp/${version}/banks/${pagingBank}/customers`;

          it("answers 200 with CustomerJSONsV300 of this bank's customers, newest first", async () => {
            const res = await gateway.http().get(path()).set(user.auth);
            const body = expectSuccess<CustomersJson>(res, 200);
            expect(ids(body)).to.deep.equal(pagedIds(2, 1, 0));
            for (const customer of body.customers) {
              expect(Object.keys(customer)).to.have.members(customerV310Keys);
              expectV300Dates(customer);
            }
          });

          it('pages with limit, offset and sort_direction', async () => {
            const res = await gateway
              .http()
              .get(`${path()}?limit=2&offset=1&sort_direction=ASC`)
              .set(user.auth);
            expect(ids(expectSuccess<CustomersJson>(res, 200))).to.deep.equal(pagedIds(1, 2));
          });

          it('answers 400 OBP-10025 for limit=0', async () => {
            const res = await gateway.http().get(`${path()}?limit=0`).set(user.auth);
            expectObpError(res, 400, 'OBP-10025');
          });

          it('ignores other query parameters, as OBP does (they filter only the firehose)', async () => {
            const res = await gateway
              .http()
              .get(`${path()}?TIER=silver&cache_buster=17`)
              .set(user.auth);
            expect(ids(expectSuccess<CustomersJson>(res, 200))).to.deep.equal(pagedIds(2, 1, 0));
          });
        });
      }
    });

    describe('OBPv4.0.0-getCustomersAtAnyBank', () => {
      for (const version of ['v4.0.0', 'v5.1.0']) {
        it(`answers 200 under ${version} with CustomerJSONsV300 of every bank`, async () => {
          const user = await gateway.user([['CanGetCustomersAtAnyBank', '']]);
          const res = await gateway
            .http()
            .get(`/obp/${version}/customers?limit=1000`)
            .set(user.auth);
          const body = expectSuccess<CustomersJson>(res, 200);
          expect(ids(body)).to.include.members([
            mine.customer_id,
            mineElsewhere.customer_id,
            ...pagedIds(0, 1, 2),
          ]);
          for (const customer of body.customers) {
            expect(Object.keys(customer)).to.have.members(customerV310Keys);
            if (customer.customer_id === mine.customer_id) expectV300Dates(customer);
          }
          expect(body.customers.some((c) => c.customer_id === mine.customer_id)).to.equal(true);
          // Other query parameters are ignored, as OBP does: they do not filter.
          const unfiltered = await gateway
            .http()
            .get(`/obp/${version}/customers?limit=1000&TIER=silver`)
            .set(user.auth);
          expect(ids(expectSuccess<CustomersJson>(unfiltered, 200))).to.deep.equal(ids(body));
        });
      }
    });

    describe('OBPv3.1.0-getFirehoseCustomers', () => {
      let firehose: TestUser;
      before(async () => {
        firehose = await gateway.user([['CanUseCustomerFirehoseAtAnyBank', '']]);
      });

      for (const version of ['v3.1.0', 'v5.1.0']) {
        describe(`under ${version}`, () => {
          const path = (query = '') =>
            `/obp/${version}/banks/${pagingBank}/firehose/customers${query}`;
          const get = async (query: string) =>
            ids(
              expectSuccess<CustomersJson>(
                await gateway.http().get(path(query)).set(firehose.auth),
                200,
              ),
            );

          it('answers 200 with CustomerJSONsV300 (yyyy-MM-dd birth dates), newest first', async () => {
            const res = await gateway.http().get(path()).set(firehose.auth);
            const body = expectSuccess<CustomersJson>(res, 200);
            expect(Object.keys(body)).to.deep.equal(['customers']);
            expect(ids(body)).to.deep.equal(pagedIds(2, 1, 0));
            for (const customer of body.customers) {
              expect(Object.keys(customer)).to.have.members(customerV310Keys);
              expectV300Dates(customer);
            }
          });

          it('pages with limit, offset and sort_direction', async () => {
            expect(await get('?sort_direction=ASC')).to.deep.equal(pagedIds(0, 1, 2));
            expect(await get('?sort_direction=asc&limit=1&offset=2')).to.deep.equal(pagedIds(2));
            expect(await get('?limit=2')).to.deep.equal(pagedIds(2, 1));
            expect(await get('?offset=3')).to.deep.equal([]);
          });

          it('keeps customers created between from_date and to_date', async () => {
            expect(
              await get('?from_date=2000-01-01T00:00:00.000Z&to_date=2100-01-01T00:00:00.000Z'),
            ).to.deep.equal(pagedIds(2, 1, 0));
            expect(await get('?from_date=2100-01-01T00:00:00.000Z')).to.deep.equal([]);
            expect(await get('?to_date=2000-01-01T00:00:00.000Z')).to.deep.equal([]);
          });

          it('treats any other parameter as an attribute filter, all of them required', async () => {
            expect(await get('?TIER=gold')).to.deep.equal(pagedIds(2, 0));
            expect(await get('?TIER=gold&REGION=north')).to.deep.equal(pagedIds(0));
            expect(await get('?TIER=bronze')).to.deep.equal([]);
          });

          for (const [query, code] of [
            ['?limit=0', 'OBP-10025'],
            ['?limit=ten', 'OBP-10025'],
            ['?offset=-1', 'OBP-10024'],
            ['?sort_direction=UP', 'OBP-10023'],
            ['?from_date=yesterday', 'OBP-10026'],
            ['?to_date=2024-13-01T00:00:00.000Z', 'OBP-10026'],
          ] as const) {
            it(`answers 400 ${code} for ${query}`, async () => {
              const res = await gateway.http().get(path(query)).set(firehose.auth);
              expectObpError(res, 400, code);
            });
          }
        });
      }

      it('answers 400 OBP-00009 (the account firehose text) when the firehose is switched off', async () => {
        const closed = await startTestGateway({ settings: { allowCustomerFirehose: false } });
        try {
          const user = await closed.user([['CanUseCustomerFirehoseAtAnyBank', '']]);
          for (const version of ['v3.1.0', 'v5.1.0']) {
            const res = await closed
              .http()
              .get(`/obp/${version}/banks/${demoBank}/firehose/customers`)
              .set(user.auth);
            expect(expectObpError(res, 400, 'OBP-00009')).to.contain(
              'OBP-00009: Account firehose is not allowed on this instance. Please set allow_account_firehose = true in props files. ',
            );
          }
        } finally {
          await closed.close();
        }
      });
    });
  });

  describe('OBPv4.0.0-getCustomersByCustomerPhoneNumber', () => {
    let phoneBank: string;
    let uk1: CustomerJson;
    let uk2: CustomerJson;
    let serbian: CustomerJson;

    before(async () => {
      phoneBank = await createBank(gateway);
      uk1 = await createCustomer(gateway, creator, phoneBank, customerV310Body());
      uk2 = await createCustomer(
        gateway,
        creator,
        phoneBank,
        customerV310Body({ mobile_phone_number: '+44 07972 444 877' }),
      );
      serbian = await createCustomer(
        gateway,
        creator,
        phoneBank,
        customerV500Body({ mobile_phone_number: '+381 11 222 333' }),
      );
    });

    for (const version of ['v4.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        const path = (bankId: string) =>
          `/obp/${version}/banks/${bankId}/search/customers/mobile-phone-number`;
        const search = async (pattern: string) =>
          ids(
            expectSuccess<CustomersJson>(
              await gateway
                .http()
                .post(path(phoneBank))
                .set(me.auth)
                .send({ mobile_phone_number: pattern }),
              201,
            ),
          );

        it('answers 201 (a search, as OBP) with CustomerJSONsV300 for an exact number', async () => {
          const res = await gateway
            .http()
            .post(path(phoneBank))
            .set(me.auth)
            .send({ mobile_phone_number: '+44 07972 444 876' });
          const body = expectSuccess<CustomersJson>(res, 201);
          expect(ids(body)).to.deep.equal([uk1.customer_id]);
          const customer = body.customers[0] as CustomerJson;
          expect(Object.keys(customer)).to.have.members(customerV310Keys);
          expectV300Dates(customer);
        });

        it('matches SQL LIKE patterns: % any run, _ exactly one character', async () => {
          expect(await search('%444%')).to.have.members([uk1.customer_id, uk2.customer_id]);
          expect(await search('+44 07972 444 87_')).to.have.members([
            uk1.customer_id,
            uk2.customer_id,
          ]);
          expect(await search('+44 07972 444 8_')).to.deep.equal([]);
          expect(await search('%381%')).to.deep.equal([serbian.customer_id]);
          expect(await search('%')).to.have.members([
            uk1.customer_id,
            uk2.customer_id,
            serbian.customer_id,
          ]);
          expect(await search('.*')).to.deep.equal([]);
          expect(await search('+44')).to.deep.equal([]);
        });

        it('does not look the bank up: an unknown bank has no customers (201)', async () => {
          const res = await gateway
            .http()
            .post(path(uniqueBankId()))
            .set(me.auth)
            .send({ mobile_phone_number: '%' });
          expect(expectSuccess<CustomersJson>(res, 201)).to.deep.equal({ customers: [] });
        });

        it("answers 400 OBP-10001 for the description's wrong field name customer_phone_number", async () => {
          const res = await gateway
            .http()
            .post(path(phoneBank))
            .set(me.auth)
            .send({ customer_phone_number: '%381%' });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('PostCustomerPhoneNumberJsonV400');
          expect(message).to.contain('mobile_phone_number');
        });
      });
    }
  });
});
