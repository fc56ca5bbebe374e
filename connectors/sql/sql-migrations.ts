import type { Migration, MigrationTarget } from '../../src/adapter/index.js';

/**
 * Where the sql adapter records its migrations: its own table and advisory lock, so it can share
 * a database with the gateway store (`gateway_migrations`, lock 0x53470001) without either
 * waiting for or confusing the other.
 */
export const sqlAdapterMigrationTarget: MigrationTarget = {
  table: 'sql_adapter_migrations',
  lockId: 0x5341_0001,
};

/**
 * The sql adapter's tables. Forward-only: never edit a released entry (the migrator refuses to
 * start), append a new version. Plain SQL that runs on PostgreSQL 15 and PGlite alike.
 *
 * Why the shapes are what they are:
 * - Ids, bank ids and attribute names are `COLLATE "C"`: lists sort in code-unit order like the
 *   memory adapter, whatever the database's locale, and the indexes serve those orders.
 * - Timestamps are `timestamptz` (microseconds), so the milliseconds of a JavaScript Date
 *   round-trip exactly; lists of dates and nested records are `jsonb`.
 * - `seq` (an identity) records insertion order, which breaks ties between equal dates as the
 *   memory adapter's stable sort does, and orders tax residences, which carry no date.
 * - Constraints are named: the adapter maps a violated constraint to its OBP error by name.
 */
export const sqlAdapterMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'banks customers kyc meetings links crm credit replies',
    sql: `
CREATE TABLE banks (
  bank_id text COLLATE "C" PRIMARY KEY,
  short_name text NOT NULL,
  full_name text NOT NULL,
  logo_url text NOT NULL,
  website_url text NOT NULL,
  bank_routings jsonb NOT NULL
);

CREATE TABLE customers (
  customer_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  customer_number text NOT NULL,
  legal_name text NOT NULL,
  mobile_number text NOT NULL,
  email text NOT NULL,
  face_image_url text NOT NULL,
  face_image_date timestamptz,
  date_of_birth timestamptz,
  relationship_status text NOT NULL,
  dependents integer NOT NULL,
  dob_of_dependents jsonb NOT NULL,
  highest_education_attained text NOT NULL,
  employment_status text NOT NULL,
  credit_rating text,
  credit_source text,
  credit_limit_currency text,
  credit_limit_amount text,
  kyc_status boolean NOT NULL,
  last_ok_date timestamptz,
  title text NOT NULL,
  branch_id text NOT NULL,
  name_suffix text NOT NULL,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT customers_bank_fk FOREIGN KEY (bank_id) REFERENCES banks (bank_id),
  CONSTRAINT customers_number_unique UNIQUE (bank_id, customer_number),
  CONSTRAINT customers_credit_rating_whole CHECK ((credit_rating IS NULL) = (credit_source IS NULL)),
  CONSTRAINT customers_credit_limit_whole
    CHECK ((credit_limit_currency IS NULL) = (credit_limit_amount IS NULL))
);
-- getCustomers pages by (created_at, customer_id), per bank or across banks.
CREATE INDEX customers_bank_created_idx ON customers (bank_id, created_at, customer_id);
CREATE INDEX customers_created_idx ON customers (created_at, customer_id);

CREATE TABLE customer_attributes (
  customer_attribute_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  attribute_type text NOT NULL,
  value text NOT NULL,
  CONSTRAINT customer_attributes_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers (customer_id),
  -- Names are unique per customer; the index also serves "a customer's attributes by name".
  CONSTRAINT customer_attributes_name_unique UNIQUE (customer_id, name),
  CONSTRAINT customer_attributes_type_known
    CHECK (attribute_type IN ('STRING', 'INTEGER', 'DOUBLE', 'DATE_WITH_DAY'))
);

CREATE TABLE customer_addresses (
  customer_address_id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  line1 text NOT NULL,
  line2 text NOT NULL,
  line3 text NOT NULL,
  city text NOT NULL,
  county text NOT NULL,
  state text NOT NULL,
  postcode text NOT NULL,
  country_code text NOT NULL,
  status text NOT NULL,
  tags jsonb NOT NULL,
  insert_date timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT customer_addresses_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers (customer_id)
);
CREATE INDEX customer_addresses_customer_idx ON customer_addresses (customer_id, insert_date, seq);

CREATE TABLE tax_residences (
  tax_residence_id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  domain text NOT NULL,
  tax_number text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT tax_residences_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers (customer_id)
);
CREATE INDEX tax_residences_customer_idx ON tax_residences (customer_id, seq);

CREATE TABLE meetings (
  meeting_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  provider_id text NOT NULL,
  purpose_id text NOT NULL,
  staff_user_id text NOT NULL,
  customer_user_id text NOT NULL,
  session_id text NOT NULL,
  customer_token text NOT NULL,
  staff_token text NOT NULL,
  meeting_time timestamptz NOT NULL,
  creator jsonb NOT NULL,
  invitees jsonb NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT meetings_bank_fk FOREIGN KEY (bank_id) REFERENCES banks (bank_id)
);
-- getMeetings: a user's meetings at a bank, as staff or as customer.
CREATE INDEX meetings_staff_idx ON meetings (bank_id, staff_user_id);
CREATE INDEX meetings_customer_user_idx ON meetings (bank_id, customer_user_id);

CREATE TABLE social_media_handles (
  social_media_handle_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  customer_number text NOT NULL,
  type text NOT NULL,
  handle text NOT NULL,
  date_added timestamptz NOT NULL,
  date_activated timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT social_media_handles_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers (customer_id)
);
CREATE INDEX social_media_handles_customer_idx
  ON social_media_handles (customer_id, date_added, seq);

CREATE TABLE user_customer_links (
  user_customer_link_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  user_id text NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  date_inserted timestamptz NOT NULL,
  is_active boolean NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT user_customer_links_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers (customer_id),
  CONSTRAINT user_customer_links_pair_unique UNIQUE (user_id, customer_id)
);
CREATE INDEX user_customer_links_user_idx ON user_customer_links (user_id, date_inserted, seq);
CREATE INDEX user_customer_links_customer_idx
  ON user_customer_links (customer_id, date_inserted, seq);

CREATE TABLE crm_events (
  crm_event_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  customer_name text NOT NULL,
  customer_number text NOT NULL,
  category text NOT NULL,
  detail text NOT NULL,
  channel text NOT NULL,
  scheduled_date timestamptz,
  actual_date timestamptz,
  result text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT crm_events_bank_fk FOREIGN KEY (bank_id) REFERENCES banks (bank_id)
);
CREATE INDEX crm_events_bank_idx ON crm_events (bank_id, scheduled_date, seq);

CREATE TABLE credit_limit_requests (
  credit_limit_request_id text COLLATE "C" PRIMARY KEY,
  bank_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  requested_current_rate_amount1 text NOT NULL,
  requested_current_rate_amount2 text NOT NULL,
  requested_current_valid_end_date text NOT NULL,
  current_credit_documentation text NOT NULL,
  temporary_requested_current_amount text NOT NULL,
  requested_temporary_valid_end_date text NOT NULL,
  temporary_credit_documentation text NOT NULL,
  short_reference text NOT NULL,
  status text NOT NULL,
  rank_amount1 text NOT NULL,
  nominal_interest1 text NOT NULL,
  rank_amount2 text NOT NULL,
  nominal_interest2 text NOT NULL,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT credit_limit_requests_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers (customer_id)
);
CREATE INDEX credit_limit_requests_customer_idx
  ON credit_limit_requests (customer_id, created_at, seq);

-- The idempotency store: the encoded reply of each write, by request message-id. A row is only
-- ever committed with its reply, in the transaction of the write it answers.
CREATE TABLE adapter_replies (
  message_id text PRIMARY KEY,
  reply bytea,
  succeeded boolean,
  expires_at timestamptz NOT NULL
);
CREATE INDEX adapter_replies_expires_idx ON adapter_replies (expires_at);
`,
  },
];
