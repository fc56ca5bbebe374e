import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createAdapter } from '../connectors/index.js';
import { AdapterRuntime } from './adapter/adapter-runtime.js';
import { createAuthServices } from './auth/auth-services.js';
import { ensureBootstrapAccounts, type BootstrapCredentials } from './auth/bootstrap.js';
import { SchemaCatalog } from './codec/schema-catalog.js';
import { SingleObjectCodec } from './codec/single-object-codec.js';
import type { Config } from './config.js';
import { Connector } from './connector/connector.js';
import { connectorSchemaRouter } from './http/connector-schemas.js';
import { correlationId } from './http/correlation-id.js';
import { directLoginHandler } from './http/direct-login.js';
import type { EndpointDefinition } from './http/endpoint.js';
import { endpointTable } from './http/endpoint-table.js';
import { versionedRouter } from './http/endpoint-router.js';
import { errorHandler, notFound } from './http/error-handler.js';
import type { GatewayServices } from './http/gateway-services.js';
import { jsonBody } from './http/json-body.js';
import { requestLogger } from './http/request-logger.js';
import type { Logger } from './observability/logger.js';
import { GatewayStore } from './store/gateway-store.js';
import { openSqlClient } from './store/sql-client.js';
import type { Transport } from './connector/transport.js';
import { InProcessTransport } from './transport/in-process-transport.js';
import { parseBrokers } from './transport/kafka-client.js';
import type { TopicLayout } from './transport/kafka-topics.js';
import { KafkaTransport } from './transport/kafka-transport.js';

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
  app.use(requestLogger(services.logger));
  app.use(preflight);
  app.use(jsonBody(services.settings.bodyLimitBytes));
  app.post('/my/logins/direct', directLoginHandler(services.auth));
  app.use(connectorSchemaRouter(services.catalog));
  for (const router of extensions.routers ?? []) app.use(router);
  app.use(versionedRouter([...endpointTable, ...(extensions.endpoints ?? [])], services));
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
export async function assembleGateway(config: Config, logger: Logger): Promise<AssembledGateway> {
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
    const authServices = await createAuthServices(store, {
      tokenTtlMs: config.DIRECT_LOGIN_TOKEN_TTL_SECONDS * 1000,
      maxBadLoginAttempts: config.MAX_BAD_LOGIN_ATTEMPTS,
      entitlementCacheTtlMs: config.ENTITLEMENT_CACHE_TTL_MS,
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

    const transport = await startTransport(config, { catalog, codec, logger }, closers);
    const connector = new Connector(transport, {
      catalog,
      codec,
      logger,
      timeouts: {
        read: config.CONNECTOR_READ_TIMEOUT_MS,
        write: config.CONNECTOR_WRITE_TIMEOUT_MS,
      },
    });

    // Revocations made by other gateway instances sharing the store arrive within this period.
    const refresh = setInterval(() => {
      authServices.auth
        .refreshRevocations()
        .catch((err: unknown) =>
          logger.warn('could not refresh token revocations', { error: String(err) }),
        );
    }, 30_000);
    refresh.unref();
    closers.unshift(() => Promise.resolve(clearInterval(refresh)));

    const services: GatewayServices = {
      connector,
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

/**
 * The configured transport, started: in process (with the configured adapter in this process)
 * or Kafka (adapters run as their own processes).
 */
async function startTransport(
  config: Config,
  deps: { catalog: SchemaCatalog; codec: SingleObjectCodec; logger: Logger },
  closers: Array<() => Promise<void>>,
): Promise<Transport> {
  let transport: Transport;
  if (config.TRANSPORT === 'kafka') {
    transport = new KafkaTransport({
      ...deps,
      brokers: parseBrokers(config.KAFKA_BROKERS ?? ''),
      prefix: config.KAFKA_TOPIC_PREFIX,
      instanceId: config.INSTANCE_ID,
      layout: kafkaLayout(config),
    });
  } else {
    const adapter = await createAdapter(config.ADAPTER, { dataDir: config.DATA_DIR });
    closers.unshift(async () => adapter.close?.());
    transport = new InProcessTransport(new AdapterRuntime(adapter, deps));
  }
  await transport.start();
  closers.unshift(() => transport.stop());
  return transport;
}

/** Topic partitions and replication from configuration. */
export function kafkaLayout(config: Config): TopicLayout {
  return {
    requestPartitions: config.KAFKA_REQUEST_PARTITIONS,
    replyPartitions: config.KAFKA_REPLY_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  };
}

async function closeAll(closers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const close of closers) await close();
}
