import { expect } from 'chai';
import { ObpError } from '../../../src/errors/obp-error.js';
import { compileLikePattern } from '../../../connectors/memory/like-pattern.js';
import { createSqlAdapter, type SqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import { openTestDatabase } from '../../helpers/test-database.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { setupCallContext } from '../http/endpoints/endpoint-fixture.js';
import {
  expectObpError,
  expectSuccess,
  type CustomerJson,
} from '../http/endpoints/obp-assertions.js';

/**
 * Strings an attacker would try against string-built SQL, LIKE and regular expressions, plus
 * awkward Unicode and long text. Each must come back byte for byte, or be refused with a 4xx.
 */
const hostile: readonly string[] = [
  "'; DROP TABLE customers; --",
  "' OR '1'='1",
  "\\'",
  "%' --",
  '$1',
  "E'\\x00'",
  "Robert'); DELETE FROM banks WHERE ('1'='1",
  '"; SELECT pg_sleep(5); --',
  '\\',
  '_%_',
  '(?i).*[a-z]+$|^',
  '{"$ne": null}',
  'Zoë 😀 中文 \u202e ﷽ \t\n',
  'x'.repeat(2048),
  '😀'.repeat(512),
];
/** A real NUL character: PostgreSQL text cannot hold it, so it is refused (400 OBP-10020). */
const nul = 'nul\u0000byte';

const customersPath = `/obp/v5.1.0/banks/${demoBank}/customers`;

async function expectConnectorError(call: Promise<unknown>, code: string): Promise<void> {
  const failure = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(failure).to.be.instanceOf(ObpError);
  expect((failure as ObpError).code).to.equal(code);
}

/**
 * The free-text fields of a v5.0.0+ create-customer body, all set to `text`. (branch_id is an
 * id, which the HTTP layer checks itself; customer_number is tested on its own below.)
 */
function bodyOf(text: string): Record<string, unknown> {
  return {
    legal_name: text,
    mobile_phone_number: text,
    email: text,
    face_image: { url: text, date: '2020-01-01T00:00:00Z' },
    relationship_status: text,
    credit_rating: { rating: text, source: text },
    highest_education_attained: text,
    employment_status: text,
    title: text,
    name_suffix: text,
  };
}

describe('sql adapter on PostgreSQL: hostile input through HTTP', () => {
  let adapter: SqlAdapter;
  let gateway: TestGateway;
  let user: TestUser;
  /** Customer ids by the hostile text in their string fields. */
  const created = new Map<string, string>();
  let customersCreated = 0;

  before(async () => {
    adapter = await createSqlAdapter({ client: await openTestDatabase() });
    gateway = await startTestGateway({ adapter });
    user = await gateway.user([
      ['CanCreateCustomer', demoBank],
      ['CanGetCustomer', demoBank],
      ['CanGetCustomers', demoBank],
      ['CanUseCustomerFirehoseAtAnyBank', ''],
    ]);
  });
  after(async () => {
    await gateway?.close();
    await adapter?.close();
  });

  it('stores hostile text in every string field of a new customer and returns it verbatim', async () => {
    for (const text of hostile) {
      const res = await gateway.http().post(customersPath).set(user.auth).send(bodyOf(text));
      const customer = expectSuccess<CustomerJson>(res, 201);
      customersCreated++;
      created.set(text, customer.customer_id);
      const read = await gateway
        .http()
        .get(`${customersPath}/${customer.customer_id}`)
        .set(user.auth);
      const body = expectSuccess<Record<string, unknown>>(read, 200);
      expect(body).to.deep.include({
        legal_name: text,
        mobile_phone_number: text,
        email: text,
        face_image: { url: text, date: '2020-01-01T00:00:00Z' },
        relationship_status: text,
        credit_rating: { rating: text, source: text },
        highest_education_attained: text,
        employment_status: text,
        title: text,
        name_suffix: text,
      });
    }
  });

  it('refuses a NUL character with 400 OBP-10020 and stores nothing', async () => {
    const res = await gateway.http().post(customersPath).set(user.auth).send(bodyOf(nul));
    expectObpError(res, 400, 'OBP-10020');
  });

  it('refuses hostile text as a branch id with 400 OBP-10001', async () => {
    for (const text of hostile) {
      const res = await gateway
        .http()
        .post(customersPath)
        .set(user.auth)
        .send({ ...bodyOf('Branch Test'), branch_id: text });
      expectObpError(res, 400, 'OBP-10001');
    }
  });

  it('uses hostile text as a customer number verbatim, or refuses it with 400', async () => {
    for (const text of [...hostile, nul]) {
      const res = await gateway
        .http()
        .post(customersPath)
        .set(user.auth)
        .send({ legal_name: 'Number Test', mobile_phone_number: '+44 1', customer_number: text });
      if (text === nul) {
        expectObpError(res, 400, 'OBP-10020');
        continue;
      }
      if (text.length > 128) {
        expectObpError(res, 400, 'OBP-10001');
        continue;
      }
      const customer = expectSuccess<CustomerJson>(res, 201);
      customersCreated++;
      expect(customer.customer_number).to.equal(text);
      const found = await gateway
        .http()
        .post(`/obp/v5.1.0/banks/${demoBank}/customers/customer-number`)
        .set(user.auth)
        .send({ customer_number: text });
      expect(expectSuccess<CustomerJson>(found, 200).customer_id).to.equal(customer.customer_id);
    }
  });

  it('refuses hostile path parameters at the HTTP boundary; the adapter finds no such ids', async () => {
    for (const text of hostile) {
      const id = encodeURIComponent(text);
      expectObpError(await gateway.http().get(`/obp/v5.1.0/banks/${id}`), 400, 'OBP-30111');
      expectObpError(
        await gateway.http().get(`${customersPath}/${id}`).set(user.auth),
        400,
        'OBP-10034',
      );
      // A client of the connector (another gateway, over Kafka) is not bound by the HTTP checks.
      const { connector } = gateway.services;
      await expectConnectorError(
        connector.call('getBank', { bankId: text }, setupCallContext),
        'OBP-30001',
      );
      await expectConnectorError(
        connector.call('getCustomerByCustomerId', { customerId: text }, setupCallContext),
        'OBP-30046',
      );
      await expectConnectorError(
        connector.call(
          'getCustomerAttributes',
          { bankId: text, customerId: text },
          setupCallContext,
        ),
        'OBP-30046',
      );
    }
  });

  it("matches hostile attribute filters as plain values, in v4.0.0's search and the firehose", async () => {
    const [someCustomer] = created.values();
    if (someCustomer === undefined) throw new Error('the first test created no customers');
    const filtered = hostile.filter((text) => text.length <= 255);
    for (const text of filtered) {
      await gateway.services.connector.call(
        'createOrUpdateCustomerAttribute',
        {
          bankId: demoBank,
          customerId: someCustomer,
          customerAttributeId: null,
          name: text,
          attributeType: 'STRING',
          value: text,
        },
        setupCallContext,
      );
    }
    // The two endpoints that read other query parameters as attribute filters.
    const paths = [
      `/obp/v4.0.0/banks/${demoBank}/customers`,
      `/obp/v5.1.0/banks/${demoBank}/firehose/customers`,
    ];
    for (const path of paths) {
      for (const text of filtered) {
        const res = await gateway
          .http()
          .get(path)
          .query({ [text]: text })
          .set(user.auth);
        const ids = expectSuccess<{ customers: CustomerJson[] }>(res, 200).customers.map(
          (customer) => customer.customer_id,
        );
        expect(ids, text).to.deep.equal([someCustomer]);
        const none = await gateway
          .http()
          .get(path)
          .query({ [text]: `${text}x` })
          .set(user.auth);
        expect(expectSuccess<{ customers: CustomerJson[] }>(none, 200).customers).to.deep.equal([]);
      }
    }
  });

  it('refuses hostile paging parameters with their OBP codes', async () => {
    const codes = {
      limit: 'OBP-10025',
      offset: 'OBP-10024',
      sort_direction: 'OBP-10023',
      from_date: 'OBP-10026',
      to_date: 'OBP-10026',
    };
    for (const text of hostile) {
      for (const [name, code] of Object.entries(codes)) {
        const res = await gateway
          .http()
          .get(customersPath)
          .query({ [name]: text })
          .set(user.auth);
        expectObpError(res, 400, code);
      }
    }
  });

  it('searches phone numbers with a hostile pattern as LIKE, only % and _ being wildcards', async () => {
    const rows = await adapter.client.query<{ customer_id: string; mobile_number: string }>(
      'SELECT customer_id, mobile_number FROM customers WHERE bank_id = $1',
      [demoBank],
    );
    for (const text of hostile.filter((t) => t.length <= 256)) {
      const res = await gateway
        .http()
        .post(`/obp/v5.1.0/banks/${demoBank}/search/customers/mobile-phone-number`)
        .set(user.auth)
        .send({ mobile_phone_number: text });
      const ids = expectSuccess<{ customers: CustomerJson[] }>(res, 201).customers.map(
        (customer) => customer.customer_id,
      );
      const like = compileLikePattern(text);
      const expected = rows.filter((row) => like.test(row.mobile_number));
      expect(ids, text).to.have.members(expected.map((row) => row.customer_id));
      expect(ids, text).to.include(created.get(text));
      if (!/[%_]/.test(text)) {
        expect(ids, text).to.deep.equal([created.get(text)]);
      }
    }
  });

  it('leaves every table in place, with exactly the customers that were created', async () => {
    const tables = await adapter.client.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ' +
        'ORDER BY table_name',
    );
    expect(tables.map((t) => t.table_name)).to.include.members([
      'adapter_replies',
      'banks',
      'credit_limit_requests',
      'crm_events',
      'customer_addresses',
      'customer_attributes',
      'customers',
      'meetings',
      'social_media_handles',
      'sql_adapter_migrations',
      'tax_residences',
      'user_customer_links',
    ]);
    const [counts] = await adapter.client.query<{ customers: number; banks: number }>(
      'SELECT (SELECT count(*)::int FROM customers) AS customers, ' +
        '(SELECT count(*)::int FROM banks) AS banks',
    );
    expect(counts).to.deep.equal({ customers: customersCreated, banks: 1 });
  });
});
