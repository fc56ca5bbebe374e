import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createAuthServices } from './auth/auth-services.js';
import { ensureBootstrapAccounts, type BootstrapCredentials } from './auth/bootstrap.js';
import { SchemaCatalog } from './codec/schema-catalog.js';
import { SingleObjectCodec } from './codec/single-object-codec.js';
import type { Config } from './config.js';
import type { ClusterChanges } from './gateway-cluster.js';
import { BankDirectory } from './http/bank-directory.js';
import { Readiness } from './http/readiness.js';
import { connectorSchemaRoutes } from './http/connector-schemas.js';
import { correlationId } from './http/correlation-id.js';
import { directLoginHandler } from './http/direct-login.js';
import type { EndpointDefinition } from './http/endpoint.js';
import { apiVersions } from './http/api-versions.js';
import { endpointTable } from './http/endpoint-table.js';
import { versionedRouter } from './http/endpoint-router.js';
import { errorHandler, notFound } from './http/error-handler.js';
import type { GatewayServices } from './http/gateway-services.js';
import { idempotencyKeys } from './http/idempotency-keys.js';
import { jsonBody } from './http/json-body.js';
import { operationsRoutes } from './http/operations-routes.js';
import { fixedRoutes } from './http/fixed-routes.js';
import { requestLogger, routeWordsOf } from './http/request-logger.js';
import type { Logger } from './observability/logger.js';
import { ChangeNotices, type StoreChange } from './store/change-notices.js';
import { GatewayStore } from './store/gateway-store.js';
import { openSqlClient } from './store/sql-client.js';
import { createConnector } from './connector/connector-factory.js';
import type { Transport } from './connector/transport.js';
import { Metrics } from './observability/metrics.js';
import { registerSqlPoolMetrics } from './observability/sql-pool-metrics.js';
import { KafkaTransport } from './transport/kafka-transport.js';
import { startTransport } from './transport/transport-factory.js';

/** Extra routers mounted before the OBP API (operator endpoints added by later layers). */
export interface AppExtensions {
  readonly routers?: readonly express.Router[];
  readonly endpoints?: readonly EndpointDefinition[];
}

/**
 * Builds the Express app from its dependencies (DESIGN.md: app.ts never listens). Order:
 * correlation id → request log → CORS preflight → JSON body → DirectLogin → versioned OBP
 * endpoints → OBP-style 404 → the one error handler.
 */
export function buildApp(
  services: GatewayServices,
  extensions: AppExtensions = {},
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(correlationId);
  const endpoints = [...endpointTable, ...(extensions.endpoints ?? [])];
  const schemas = connectorSchemaRoutes(services.catalog);
  const fixed = {
    ...operationsRoutes(services),
    ...schemas.exact,
    'POST /my/logins/direct': directLoginHandler(services.auth),
  };
  const routeWords = routeWordsOf([
    '/obp',
    ...apiVersions,
    ...endpoints.map((e) => e.path),
    ...[...Object.keys(fixed), ...Object.keys(schemas.prefixed)].map((k) => k.split(' ')[1] ?? ''),
  ]);
  app.use(requestLogger(services.logger, services.metrics, routeWords));
  app.use(preflight);
  app.use(jsonBody(services.settings.bodyLimitBytes));
  app.use(fixedRoutes(fixed, schemas.prefixed));
  if (services.idempotency) {
    app.use(idempotencyKeys(services.idempotency, services.auth, services.logger));
  }
  for (const router of extensions.routers ?? []) app.use(router);
  app.use(versionedRouter(endpoints, services));
  app.use(notFound);
  app.use(errorHandler(services.logger));
  return app;
}

/** Answers CORS preflight requests; OBP allows any origin. */
function preflight(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'OPTIONS') {
    next();
    return;
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    'Content-Type, DirectLogin, Authorization, X-Correlation-Id, X-Request-ID, Idempotency-Key',
  );
  res.status(204).end();
}

/** A gateway built from configuration, ready to listen. */
export interface AssembledGateway {
  readonly app: express.Express;
  readonly services: GatewayServices;
  /** Credentials created on a first start without BOOTSTRAP_* settings, to show once. */
  readonly demoCredentials: BootstrapCredentials | undefined;
  /** Drains in-flight work and releases the store, adapter and timers. */
  close(): Promise<void>;
}

/**
 * The composition root: opens the gateway store (PostgreSQL or embedded PGlite), the auth
 * services and bootstrap accounts, the adapter and transport, and the connector; then builds the
 * app. It never listens (main.ts does).
 */
export async function assembleGateway(
  config: Config,
  logger: Logger,
  options: {
    /** In a gateway cluster worker: where changes to cached roles and links are told and heard. */
    readonly changes?: ClusterChanges;
  } = {},
): Promise<AssembledGateway> {
  const { changes } = options;
  const catalog = SchemaCatalog.load();
  const codec = new SingleObjectCodec(catalog);
  const sql = await openSqlClient({
    databaseUrl: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, 'gateway'),
    logger,
  });
  const closers: Array<() => Promise<void>> = [() => sql.close()];
  try {
    const store = await GatewayStore.open(sql);
    // Changes to what gateways cache reach this cluster's other workers before the answer
    // (`changes`), and every other process on the store within milliseconds (`notices`).
    const notices = await ChangeNotices.forStore(store, logger);
    closers.unshift(() => notices.close());
    const tellOthers = (change: StoreChange): Promise<void> =>
      Promise.all([
        change.kind === 'tokensRevoked' ? undefined : changes?.publish(change),
        notices.publish(change),
      ]).then(() => undefined);
    const authServices = await createAuthServices(store, {
      tokenTtlMs: config.DIRECT_LOGIN_TOKEN_TTL_SECONDS * 1000,
      maxBadLoginAttempts: config.MAX_BAD_LOGIN_ATTEMPTS,
      entitlementCacheTtlMs: config.ENTITLEMENT_CACHE_TTL_MS,
      onRolesChanged: (userId) => tellOthers({ kind: 'roles', userId }),
      onTokensRevoked: (tokenIds) => tellOthers({ kind: 'tokensRevoked', tokenIds }),
    });
    const bootstrap =
      config.BOOTSTRAP_ADMIN_USERNAME &&
      config.BOOTSTRAP_ADMIN_PASSWORD &&
      config.BOOTSTRAP_CONSUMER_KEY
        ? {
            username: config.BOOTSTRAP_ADMIN_USERNAME,
            password: config.BOOTSTRAP_ADMIN_PASSWORD,
            consumerKey: config.BOOTSTRAP_CONSUMER_KEY,
          }
        : undefined;
    const demoCredentials = await ensureBootstrapAccounts(authServices, bootstrap);

    const metrics = new Metrics();
    const started = await startTransport(config, { catalog, codec, logger });
    closers.unshift(() => started.close());
    const connector = createConnector(started.transport, started.backend, config, {
      catalog,
      codec,
      logger,
      metrics,
      onLinkedCustomersChanged: () => tellOthers({ kind: 'linkedCustomers' }),
    });
    closers.unshift(() => Promise.resolve(connector.breakers?.shutdown()));
    const apply = (change: StoreChange): void => {
      if (change.kind === 'roles') authServices.entitlements.forgetCached(change.userId);
      else if (change.kind === 'tokensRevoked') authServices.auth.refuse(change.tokenIds);
      else connector.forgetLinkedCustomers();
    };
    changes?.onChange(apply);
    const refreshRevocations = (): void => {
      authServices.auth
        .refreshRevocations()
        .catch((err: unknown) =>
          logger.warn('could not refresh token revocations', { error: String(err) }),
        );
    };
    await notices.listen(apply, () => {
      // Notices may have been missed while the listener was away: start afresh.
      authServices.entitlements.forgetAllCached();
      connector.forgetLinkedCustomers();
      refreshRevocations();
    });
    observeTransport(started.transport, metrics);
    registerSqlPoolMetrics(metrics.registry, {
      gateway: sql.poolStatus?.bind(sql),
      adapter: started.adapter?.sqlPoolStatus?.bind(started.adapter),
    });

    // Revocations made by other gateway instances sharing the store arrive within this period
    // even where no notice reaches us (PGlite has none; a pooler may drop them); expired
    // idempotency keys and token records are purged in the background (every login adds one).
    const timers = [
      setInterval(refreshRevocations, 30_000),
      setInterval(() => {
        store.idempotencyKeys
          .purgeExpired()
          .catch((err: unknown) =>
            logger.warn('could not purge idempotency keys', { error: String(err) }),
          );
        store.tokens
          .purgeExpired()
          .catch((err: unknown) =>
            logger.warn('could not purge expired tokens', { error: String(err) }),
          );
      }, 600_000),
    ];
    timers.forEach((t) => t.unref());
    closers.unshift(() => Promise.resolve(timers.forEach((t) => clearInterval(t))));

    const services: GatewayServices = {
      connector,
      banks: new BankDirectory(connector, config.BANK_CACHE_TTL_MS),
      catalog,
      auth: authServices.auth,
      users: authServices.users,
      entitlements: authServices.entitlements,
      settings: {
        allowCustomerFirehose: config.ALLOW_CUSTOMER_FIREHOSE,
        allowUserSelfRegistration: config.ALLOW_USER_SELF_REGISTRATION,
        bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
      },
      logger,
      metrics,
      idempotency: {
        repository: store.idempotencyKeys,
        ttlMs: config.IDEMPOTENCY_KEY_TTL_MS,
        inProgressLeaseMs: inProgressLeaseMs(config),
      },
      readiness: new Readiness([
        {
          name: 'store',
          check: () => sql.query('SELECT 1').then(() => ({ ok: true, driver: sql.dialect })),
        },
        {
          name: 'transport',
          check: () =>
            Promise.resolve({ name: started.transport.name, ...started.transport.status() }),
        },
        {
          name: 'breakers',
          check: () => Promise.resolve({ ok: true, states: connector.breakers?.states() ?? [] }),
        },
      ]),
    };
    return {
      app: buildApp(services),
      services,
      demoCredentials,
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

/** Gauges read from the transport at scrape time. */
function observeTransport(transport: Transport, metrics: Metrics): void {
  if (!(transport instanceof KafkaTransport)) return;
  metrics.gaugeFrom(
    'southgate_kafka_pending_replies',
    'Requests awaiting their reply.',
    () => transport.status().pending,
  );
  metrics.gaugeFrom(
    'southgate_kafka_late_replies',
    'Replies that arrived after their deadline (dropped).',
    () => transport.stats.lateReplies,
  );
  metrics.gaugeFrom(
    'southgate_kafka_duplicate_replies',
    'Second replies to requests already answered (dropped).',
    () => transport.stats.duplicateReplies,
  );
  metrics.gaugeFrom(
    'southgate_kafka_unmatched_replies',
    'Replies for no request of this instance (dropped).',
    () => transport.stats.unmatchedReplies,
  );
  metrics.gaugeFrom(
    'southgate_kafka_consumer_crashes',
    'Crashes of the reply and capability consumers (each one run again).',
    () => transport.stats.consumerCrashes,
  );
  metrics.gaugeFrom(
    'southgate_kafka_live_adapters',
    'Adapter instances whose capabilities are current.',
    () => transport.status().liveAdapters,
    'max',
  );
  metrics.gaugeFrom(
    'southgate_dead_letters',
    'Messages in the dead-letter topic.',
    () => transport.deadLetterCount(),
    'max',
  );
}

async function closeAll(closers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const close of closers) await close();
}

/**
 * How long an Idempotency-Key claim lasts unanswered: well past any request's connector calls
 * (four of the longest deadline, at least a minute). A retry after it runs again; the adapters'
 * message-id deduplication keeps a write that did happen from happening twice.
 */
function inProgressLeaseMs(config: Config): number {
  const deadlines = [
    config.CONNECTOR_READ_TIMEOUT_MS,
    config.CONNECTOR_WRITE_TIMEOUT_MS,
    ...Object.values(config.CONNECTOR_TIMEOUTS_MS),
  ];
  return Math.max(60_000, 4 * Math.max(...deadlines));
}
