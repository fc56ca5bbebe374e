import type { Migration, MigrationTarget } from './migrator.js';

/**
 * Where the gateway records its migrations. The sql backend adapter, sharing a database, uses
 * its own table and lock id.
 */
export const gatewayMigrationTarget: MigrationTarget = {
  table: 'gateway_migrations',
  lockId: 0x5347_0001,
};

/**
 * The gateway's own tables: users, API consumers, issued DirectLogin tokens, entitlements and
 * settings. Forward-only: never edit a released entry (the migrator refuses to start), append.
 * Plain SQL that runs on PostgreSQL 15 and PGlite alike.
 */
export const gatewayMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'users consumers tokens entitlements settings',
    sql: `
CREATE TABLE users (
  user_id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  email text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  password_hash text NOT NULL,
  provider text NOT NULL,
  is_super_admin boolean NOT NULL DEFAULT false,
  failed_login_attempts integer NOT NULL DEFAULT 0,
  locked boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of the consumer key is kept: a leaked table does not leak working keys.
CREATE TABLE consumers (
  consumer_id text PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
  token_id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  consumer_id text NOT NULL REFERENCES consumers (consumer_id) ON DELETE CASCADE,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX tokens_user_id_idx ON tokens (user_id);
CREATE INDEX tokens_revoked_idx ON tokens (expires_at) WHERE revoked_at IS NOT NULL;

-- bank_id is '' for system (…AtAnyBank) roles, as in OBP.
CREATE TABLE entitlements (
  entitlement_id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  bank_id text NOT NULL,
  role_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, bank_id, role_name)
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'idempotency keys',
    sql: `
-- One row per (consumer, Idempotency-Key): the request's hash and, once answered, the response
-- to replay. Rows expire; expired rows are deleted on next use and by a periodic purge.
CREATE TABLE idempotency_keys (
  consumer_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_progress', 'done')),
  status integer,
  response_body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (consumer_id, idempotency_key)
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
`,
  },
  {
    version: 3,
    name: 'idempotency keys per user',
    sql: `
-- A key belongs to the user as well as the consumer: the users of one consumer (one app) must
-- never have each other's stored responses replayed to them. Rows from before keep user '' and
-- so match nobody; they expire as usual.
ALTER TABLE idempotency_keys ADD COLUMN user_id text NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (consumer_id, user_id, idempotency_key);
`,
  },
];
