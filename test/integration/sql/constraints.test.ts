import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { createSqlAdapter, type SqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import { sqlFailure } from '../../../connectors/sql/sql-failure.js';
import {
  AdapterError,
  openSqlClient,
  type HandlerContext,
  type SqlClient,
} from '../../../src/adapter/index.js';
import { customerArgs, demoBankId, uniqueToken } from '../../contract/contract-fixture.js';
import { openTestDatabase } from '../../helpers/test-database.js';

const drivers: readonly { name: string; open(): Promise<SqlClient> }[] = [
  { name: 'postgres', open: () => openTestDatabase() },
  { name: 'pglite', open: () => openSqlClient({}) },
];

/** The SQLSTATE and constraint a statement fails with (it must fail). */
async function violation(
  client: SqlClient,
  text: string,
  params: unknown[],
): Promise<{ code: string; constraint: string }> {
  try {
    await client.query(text, params);
  } catch (err) {
    const { code, constraint } = err as { code?: string; constraint?: string };
    return { code: code ?? '', constraint: constraint ?? '' };
  }
  throw new Error('expected the statement to fail');
}

const insertCustomer =
  'INSERT INTO customers (customer_id, bank_id, customer_number, legal_name, mobile_number, ' +
  'email, face_image_url, relationship_status, dependents, dob_of_dependents, ' +
  'highest_education_attained, employment_status, kyc_status, title, branch_id, name_suffix, ' +
  "created_at) VALUES ($1, $2, $3, '', '', '', '', '', 0, '[]', '', '', false, '', '', '', now())";

const handlerContext: HandlerContext = {
  callContext: {
    correlationId: 'constraints',
    sessionId: null,
    consumerId: null,
    generalContext: [],
    outboundAdapterAuthInfo: null,
  },
  messageId: 'constraints',
  deadline: Number.MAX_SAFE_INTEGER,
  signal: new AbortController().signal,
};

for (const driver of drivers) {
  describe(`sql adapter schema constraints (${driver.name})`, () => {
    let adapter: SqlAdapter;
    let sql: SqlClient;
    let customerId: string;

    before(async () => {
      adapter = await createSqlAdapter({ client: await driver.open() });
      sql = adapter.client;
      customerId = randomUUID();
      await sql.query(insertCustomer, [customerId, demoBankId, uniqueToken()]);
    });
    after(() => adapter?.close());

    it('keep customer numbers unique per bank, not across banks', async () => {
      const number = uniqueToken();
      await sql.query(insertCustomer, [randomUUID(), demoBankId, number]);
      expect(
        await violation(sql, insertCustomer, [randomUUID(), demoBankId, number]),
      ).to.deep.equal({ code: '23505', constraint: 'customers_number_unique' });
      const otherBank = `other-${uniqueToken()}`;
      await sql.query(
        'INSERT INTO banks (bank_id, short_name, full_name, logo_url, website_url, bank_routings) ' +
          "VALUES ($1, '', '', '', '', '[]')",
        [otherBank],
      );
      await sql.query(insertCustomer, [randomUUID(), otherBank, number]);
    });

    it('refuse customers, meetings and CRM events of an unknown bank', async () => {
      const bank = `no-such-bank-${uniqueToken()}`;
      expect(await violation(sql, insertCustomer, [randomUUID(), bank, '1'])).to.deep.equal({
        code: '23503',
        constraint: 'customers_bank_fk',
      });
      expect(
        await violation(
          sql,
          'INSERT INTO meetings (meeting_id, bank_id, provider_id, purpose_id, staff_user_id, ' +
            'customer_user_id, session_id, customer_token, staff_token, meeting_time, creator, ' +
            "invitees) VALUES ($1, $2, '', '', '', '', '', '', '', now(), '{}', '[]')",
          [randomUUID(), bank],
        ),
      ).to.deep.equal({ code: '23503', constraint: 'meetings_bank_fk' });
      expect(
        await violation(
          sql,
          'INSERT INTO crm_events (crm_event_id, bank_id, customer_name, customer_number, ' +
            "category, detail, channel, result) VALUES ($1, $2, '', '', '', '', '', '')",
          [randomUUID(), bank],
        ),
      ).to.deep.equal({ code: '23503', constraint: 'crm_events_bank_fk' });
    });

    it("refuse a customer's records for an unknown customer", async () => {
      const unknown = randomUUID();
      const inserts: [string, string][] = [
        [
          'customer_attributes_customer_fk',
          'INSERT INTO customer_attributes (customer_attribute_id, bank_id, customer_id, name, ' +
            "attribute_type, value) VALUES ($1, 'gh.29.uk', $2, 'n', 'STRING', 'v')",
        ],
        [
          'customer_addresses_customer_fk',
          'INSERT INTO customer_addresses (customer_address_id, customer_id, line1, line2, line3, ' +
            'city, county, state, postcode, country_code, status, tags, insert_date) ' +
            "VALUES ($1, $2, '', '', '', '', '', '', '', '', '', '[]', now())",
        ],
        [
          'tax_residences_customer_fk',
          'INSERT INTO tax_residences (tax_residence_id, customer_id, domain, tax_number) ' +
            "VALUES ($1, $2, '', '')",
        ],
        [
          'social_media_handles_customer_fk',
          'INSERT INTO social_media_handles (social_media_handle_id, bank_id, customer_id, ' +
            'customer_number, type, handle, date_added, date_activated) ' +
            "VALUES ($1, 'gh.29.uk', $2, '', '', '', now(), now())",
        ],
        [
          'user_customer_links_customer_fk',
          'INSERT INTO user_customer_links (user_customer_link_id, bank_id, user_id, customer_id, ' +
            "date_inserted, is_active) VALUES ($1, 'gh.29.uk', 'u', $2, now(), true)",
        ],
        [
          'credit_limit_requests_customer_fk',
          'INSERT INTO credit_limit_requests (credit_limit_request_id, bank_id, customer_id, ' +
            'requested_current_rate_amount1, requested_current_rate_amount2, ' +
            'requested_current_valid_end_date, current_credit_documentation, ' +
            'temporary_requested_current_amount, requested_temporary_valid_end_date, ' +
            'temporary_credit_documentation, short_reference, status, rank_amount1, ' +
            'nominal_interest1, rank_amount2, nominal_interest2, created_at) ' +
            "VALUES ($1, 'gh.29.uk', $2, '', '', '', '', '', '', '', '', '', '', '', '', '', now())",
        ],
      ];
      for (const [constraint, text] of inserts) {
        expect(await violation(sql, text, [randomUUID(), unknown]), constraint).to.deep.equal({
          code: '23503',
          constraint,
        });
        // The same insert for an existing customer is fine: only the reference was wrong.
        await sql.query(text, [randomUUID(), customerId]);
      }
    });

    it('keep attribute names unique per customer and one link per user and customer', async () => {
      const attribute =
        'INSERT INTO customer_attributes (customer_attribute_id, bank_id, customer_id, name, ' +
        "attribute_type, value) VALUES ($1, 'gh.29.uk', $2, 'UNIQUE_NAME', 'STRING', 'v')";
      await sql.query(attribute, [randomUUID(), customerId]);
      expect(await violation(sql, attribute, [randomUUID(), customerId])).to.deep.equal({
        code: '23505',
        constraint: 'customer_attributes_name_unique',
      });
      const link =
        'INSERT INTO user_customer_links (user_customer_link_id, bank_id, user_id, customer_id, ' +
        "date_inserted, is_active) VALUES ($1, 'gh.29.uk', 'pair-user', $2, now(), true)";
      await sql.query(link, [randomUUID(), customerId]);
      expect(await violation(sql, link, [randomUUID(), customerId])).to.deep.equal({
        code: '23505',
        constraint: 'user_customer_links_pair_unique',
      });
    });

    it('serve every foreign key with an index that leads with its column', async () => {
      const unserved = await sql.query<{ constraint_name: string }>(
        `SELECT c.conname AS constraint_name FROM pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = (
           SELECT relnamespace FROM pg_class WHERE oid = 'customers'::regclass)
         AND NOT EXISTS (SELECT 1 FROM pg_index i
           WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
         ORDER BY 1`,
      );
      expect(unserved).to.deep.equal([]);
      const foreignKeys = await sql.query(
        "SELECT 1 AS fk FROM pg_constraint WHERE contype = 'f' AND connamespace = " +
          "(SELECT relnamespace FROM pg_class WHERE oid = 'customers'::regclass)",
      );
      expect(foreignKeys).to.have.length(9);
    });

    it('draw another customer number when a generated one is taken, and give up after 100', async () => {
      const taken = `drawn-${uniqueToken()}`;
      const free = `drawn-${uniqueToken()}`;
      let draws = 0;
      const sequence = [taken, taken, free];
      const drawing = await createSqlAdapter({
        client: sql,
        ownsClient: false,
        drawCustomerNumber: () => sequence[Math.min(draws++, sequence.length - 1)] ?? '',
      });
      const createCustomer = drawing.handlers.createCustomer;
      if (!createCustomer) throw new Error('the sql adapter lacks createCustomer');
      try {
        const first = await createCustomer(customerArgs({ customerNumber: null }), handlerContext);
        const second = await createCustomer(customerArgs({ customerNumber: null }), handlerContext);
        expect([first.number, second.number, draws]).to.deep.equal([taken, free, 3]);

        sequence.splice(0, sequence.length, taken);
        draws = 0;
        const failure = await createCustomer(
          customerArgs({ customerNumber: null }),
          handlerContext,
        ).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(failure).to.be.instanceOf(AdapterError);
        expect((failure as AdapterError).errorName).to.equal('CreateCustomerError');
        expect(draws).to.equal(100);
      } finally {
        await drawing.close();
      }
    });

    it('turn violations into OBP errors whose texts carry no row values', async () => {
      const createCustomer = adapter.handlers.createCustomer;
      if (!createCustomer) throw new Error('the sql adapter lacks createCustomer');
      const secret = `secret-${uniqueToken()}`;
      const failures: unknown[] = [];
      for (const args of [
        customerArgs({ bankId: `no-such-bank-${secret}` }),
        customerArgs({ legalName: `${secret}\u0000` }),
        // Random text does not compress below the b-tree's limit for one index entry.
        customerArgs({ customerNumber: secret + randomBytes(4000).toString('hex') }),
      ]) {
        failures.push(
          await createCustomer(args, handlerContext).then(
            () => undefined,
            (err: unknown) => err,
          ),
        );
      }
      const raw = await sql.query('SELECT $1::int AS n', [secret]).then(
        () => undefined,
        (err: unknown) => err,
      );
      failures.push(sqlFailure(raw));
      expect(
        failures.map((f) => (f instanceof AdapterError ? f.errorName : String(f))),
      ).to.deep.equal([
        'BankNotFound',
        'InvalidJsonContent',
        'InvalidValueLength',
        `SqlAdapterFault: Database error SQLSTATE 22P02 (routine ${(raw as { routine?: string }).routine})`,
      ]);
      for (const failure of failures) {
        expect(String((failure as Error).message)).to.not.include(secret);
      }
    });
  });
}
