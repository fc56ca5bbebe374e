import type {
  Adapter,
  HandlerContext,
  Logger,
  MethodHandlers,
  SqlClient,
} from '../../src/adapter/index.js';
import { openSqlClient, runMigrations } from '../../src/adapter/index.js';
import { adapterInfoHandlers } from './adapter-info-handlers.js';
import { bankHandlers } from './bank-handlers.js';
import { creditLimitRequestHandlers } from './credit-limit-request-handlers.js';
import { crmEventHandlers } from './crm-event-handlers.js';
import { customerAddressHandlers } from './customer-address-handlers.js';
import { customerAttributeHandlers } from './customer-attribute-handlers.js';
import { customerHandlers } from './customer-handlers.js';
import { customerQueryHandlers } from './customer-query-handlers.js';
import { customerUpdateHandlers } from './customer-update-handlers.js';
import { meetingHandlers } from './meeting-handlers.js';
import { seedDemoData } from './seed.js';
import { socialMediaHandlers } from './social-media-handlers.js';
import { SqlDatabase } from './sql-database.js';
import { sqlFailure } from './sql-failure.js';
import { SqlIdempotencyStore } from './sql-idempotency-store.js';
import { readSqlAdapterSettings } from './sql-adapter-settings.js';
import { sqlAdapterMigrations, sqlAdapterMigrationTarget } from './sql-migrations.js';
import { taxResidenceHandlers } from './tax-residence-handlers.js';
import { userCustomerLinkHandlers } from './user-customer-link-handlers.js';

/** Every handler of a union of handler groups, as one object type. */
type GroupHandlers<G extends (on: SqlDatabase) => object> = UnionToIntersection<ReturnType<G>>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;

/** What {@link createSqlAdapter} is built from; only `client` is required. */
export interface SqlAdapterOptions {
  /** The adapter's database (PostgreSQL or PGlite); migrated when the adapter is created. */
  readonly client: SqlClient;
  /** Whether `close()` also closes `client` (default true). */
  readonly ownsClient?: boolean;
  /** How long replies of writes are replayed to a repeated message-id (default 24 h). */
  readonly replyTtlMs?: number;
  /** How often expired replies are deleted (default every minute). */
  readonly sweepIntervalMs?: number;
  /** Make sure the demo bank `gh.29.uk` and its CRM events exist (default true). */
  readonly seed?: boolean;
  /** The clock for createdAt / insertDate stamps and reply expiry; tests pass their own. */
  readonly now?: () => Date;
  /** Draws a customer number when createCustomer gets none; tests pass a fixed sequence. */
  readonly drawCustomerNumber?: () => string;
  /** Where background failures (expiry sweeps) are reported. */
  readonly logger?: Logger;
}

/** The sql adapter: an `Adapter` whose idempotency store lives in its own database. */
export interface SqlAdapter extends Adapter {
  readonly idempotencyStore: SqlIdempotencyStore;
  /** The adapter's database (for operators' tools and tests; handlers go through their own). */
  readonly client: SqlClient;
  close(): Promise<void>;
}

/**
 * The `sql` backend adapter: every connector method over PostgreSQL or embedded PGlite, with the
 * memory adapter's semantics and error codes. Applies its migrations (own table and advisory
 * lock; safe with several processes starting at once), seeds the demo bank, and keeps write
 * replies in its own database so deduplication survives restarts. Rejects with the driver's
 * error or a `MigrationError` if the database cannot be prepared.
 */
export async function createSqlAdapter(options: SqlAdapterOptions): Promise<SqlAdapter> {
  const { client } = options;
  const now = options.now ?? (() => new Date());
  await runMigrations(client, sqlAdapterMigrations, sqlAdapterMigrationTarget);
  const db = new SqlDatabase(client);
  if (options.seed ?? true) await seedDemoData(db, now());

  const store = new SqlIdempotencyStore(db, {
    ...(options.replyTtlMs === undefined ? {} : { ttlMs: options.replyTtlMs }),
    now: () => now().getTime(),
  });
  await store.sweep();
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = store.sweep().catch((err: unknown) => {
      options.logger?.warn('could not delete expired replies', {
        adapter: 'sql',
        error: sqlFailure(err).message,
      });
    });
  }, options.sweepIntervalMs ?? 60_000);
  timer.unref();

  const startedAt = now();
  /** The handlers, by group, running their statements on `on` (the pool or a write's transaction). */
  const groups = [
    (on: SqlDatabase) => bankHandlers(on),
    (on: SqlDatabase) => customerHandlers(on, now, options.drawCustomerNumber),
    (on: SqlDatabase) => customerQueryHandlers(on),
    (on: SqlDatabase) => customerUpdateHandlers(on),
    (on: SqlDatabase) => customerAttributeHandlers(on),
    (on: SqlDatabase) => customerAddressHandlers(on, now),
    (on: SqlDatabase) => taxResidenceHandlers(on),
    (on: SqlDatabase) => meetingHandlers(on),
    (on: SqlDatabase) => socialMediaHandlers(on),
    (on: SqlDatabase) => userCustomerLinkHandlers(on),
    (on: SqlDatabase) => crmEventHandlers(on),
    (on: SqlDatabase) => creditLimitRequestHandlers(on, now),
    () => adapterInfoHandlers(() => adapter, startedAt),
  ] as const;
  type Group = (typeof groups)[number];
  const built = groups.map((group) => group(db));
  // Checked when compiling: together, the groups handle every method.
  const pooled = Object.assign(
    {},
    ...built,
  ) as GroupHandlers<Group> satisfies Required<MethodHandlers>;
  const groupOf = new Map<string, Group>();
  built.forEach((handlers, i) => {
    for (const method of Object.keys(handlers)) groupOf.set(method, groups[i] as Group);
  });
  // A write the idempotency store is executing runs on the store's transaction, so its
  // statements commit with the stored reply; everything else runs on the pool. Only the
  // write's own group is built on the transaction: building all of them for every write cost
  // an in-process gateway 13 % of its CPU per createCustomer.
  const handlers = Object.fromEntries(
    Object.entries(pooled).map(([method, handler]) => [
      method,
      (args: never, ctx: HandlerContext) => {
        const scope = store.scopeOf(ctx.messageId);
        const own = scope ? (groupOf.get(method) as Group)(scope) : undefined;
        const run = (own ? (own as Record<string, unknown>)[method] : handler) as (
          args: never,
          ctx: HandlerContext,
        ) => Promise<unknown>;
        return run(args, ctx);
      },
    ]),
  ) as Required<MethodHandlers>;

  const poolStatus = client.poolStatus?.bind(client);
  const adapter: SqlAdapter = {
    name: 'sql',
    version: '0.1.0',
    handlers,
    idempotencyStore: store,
    client,
    ...(poolStatus ? { sqlPoolStatus: poolStatus } : {}),
    async close() {
      clearInterval(timer);
      await sweeping;
      if (options.ownsClient ?? true) await client.close();
    },
  };
  return adapter;
}

/** What the adapter factory passes: where embedded data lives, the environment, a logger. */
export interface OpenSqlAdapterOptions {
  /** `DATA_DIR`: PGlite keeps the adapter's data under `<dataDir>/sql-adapter`. */
  readonly dataDir: string;
  /** Where the `SQL_ADAPTER_*` settings are read (see readSqlAdapterSettings); process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

/**
 * Opens the sql adapter as configured: PostgreSQL at `SQL_ADAPTER_DATABASE_URL` (else
 * `DATABASE_URL`) with a pool of `SQL_ADAPTER_POOL_SIZE`, or embedded PGlite under
 * `<dataDir>/sql-adapter`. Throws an Error for invalid settings; rejects with the driver's error
 * if the database cannot be reached or migrated (the connection is closed again).
 */
export async function openSqlAdapter(options: OpenSqlAdapterOptions): Promise<SqlAdapter> {
  const settings = readSqlAdapterSettings(options.env ?? process.env, options.dataDir);
  const client = await openSqlClient({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    schema: settings.schema,
    poolSize: settings.poolSize,
    logger: options.logger,
  });
  try {
    return await createSqlAdapter({
      client,
      replyTtlMs: settings.replyTtlMs,
      logger: options.logger,
    });
  } catch (err) {
    await client.close();
    throw err;
  }
}
