import type { Server } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as admin from './auth/admin-commands.js';
import { createAuthServices } from './auth/auth-services.js';
import type { BootstrapCredentials } from './auth/bootstrap.js';
import { createAdapter } from '../connectors/index.js';
import { AdapterRuntime } from './adapter/adapter-runtime.js';
import { assembleGateway } from './app.js';
import { SchemaCatalog } from './codec/schema-catalog.js';
import { SingleObjectCodec } from './codec/single-object-codec.js';
import { KafkaAdapterHost } from './transport/kafka-adapter-host.js';
import { AdapterMetrics, serveAdapterHttp } from './observability/adapter-metrics.js';
import { parseBrokers } from './transport/kafka-client.js';
import { kafkaLayout } from './transport/transport-factory.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ObpError } from './errors/obp-error.js';
import {
  joinClusterChanges,
  joinClusterMetrics,
  joinClusterReadiness,
  runPrimary,
  workerSlot,
} from './gateway-cluster.js';
import { createLogger } from './observability/logger.js';
import { registerSqlPoolMetrics } from './observability/sql-pool-metrics.js';
import { ChangeNotices } from './store/change-notices.js';
import { GatewayStore } from './store/gateway-store.js';
import { openSqlClient } from './store/sql-client.js';

const usage = `Usage: southgate <command>

  serve                                   run the gateway (default)
  adapter <name>                          run adapter <name> of connectors/ over Kafka
  users create --username U --password P --email E [--first-name F] [--last-name L] [--super-admin]
  users unlock --username U               unlock a user locked by failed logins
  consumers create --name N [--key K]     create an API consumer; prints its key once
  entitlements grant --username U --role R [--bank-id B]
  entitlements list --username U
  tokens revoke --username U              revoke every DirectLogin token of a user
  help

Configuration comes from the environment (see README.md).`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', sub, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const config = loadConfig();
  if (command === 'serve') return serve(config);
  if (command === 'adapter') {
    if (!sub) throw new UsageError('adapter needs a name, e.g. southgate adapter memory');
    return serveAdapter(config, sub);
  }
  return runAdminCommand(config, command, sub, rest);
}

async function serve(config: Config): Promise<number> {
  const slot = workerSlot();
  if (config.GATEWAY_WORKERS > 1 && slot === undefined) {
    return runPrimary({
      workers: config.GATEWAY_WORKERS,
      drainMs: config.SHUTDOWN_DRAIN_MS,
      logger: createLogger(config.LOG_LEVEL, { worker: 'primary' }),
    });
  }
  const logger = createLogger(config.LOG_LEVEL, slot === undefined ? {} : { worker: slot });
  // Each worker is its own gateway instance over Kafka: its own reply topic and consumer group.
  if (slot !== undefined) config = { ...config, INSTANCE_ID: `${config.INSTANCE_ID}-w${slot}` };
  const gateway = await assembleGateway(
    config,
    logger,
    slot === undefined ? {} : { changes: joinClusterChanges() },
  );
  if (slot !== undefined) {
    if (gateway.services.metrics) joinClusterMetrics(gateway.services.metrics);
    joinClusterReadiness(gateway.services.readiness, slot);
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = gateway.app.listen(config.PORT, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // Before the listening line: whoever waits for that line (a script, a test) has them too.
  if (gateway.demoCredentials) printDemoCredentials(gateway.demoCredentials, port);
  logger.info('Southgate listening', {
    port,
    transport: config.TRANSPORT,
    // Over Kafka the adapters are other processes; ADAPTER names only an in-process one.
    ...(config.TRANSPORT === 'inprocess' ? { adapter: config.ADAPTER } : {}),
  });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      const force = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_DRAIN_MS);
      server.close(() => {
        clearTimeout(force);
        void gateway
          .close()
          .then(
            () => 0,
            (err: unknown) => {
              logger.error('error while stopping', { error: String(err) });
              return 1;
            },
          )
          .then(resolve);
      });
      server.closeIdleConnections();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

/** `southgate adapter <name>`: one adapter process serving its methods over Kafka. */
async function serveAdapter(config: Config, name: string): Promise<number> {
  if (!config.KAFKA_BROKERS)
    throw new ConfigError(
      'Invalid configuration: KAFKA_BROKERS: required to run an adapter (e.g. 127.0.0.1:9092)',
    );
  const logger = createLogger(config.LOG_LEVEL);
  const catalog = SchemaCatalog.load();
  const codec = new SingleObjectCodec(catalog);
  const adapter = await createAdapter(name, { dataDir: config.DATA_DIR, logger });
  const metrics = new AdapterMetrics(name);
  const runtime = new AdapterRuntime(adapter, {
    catalog,
    codec,
    logger,
    onExecuted: metrics.observe,
  });
  const host = new KafkaAdapterHost(runtime, {
    brokers: parseBrokers(config.KAFKA_BROKERS),
    prefix: config.KAFKA_TOPIC_PREFIX,
    ...(config.ADAPTER_INSTANCE_ID ? { instanceId: config.ADAPTER_INSTANCE_ID } : {}),
    layout: kafkaLayout(config),
    catalog,
    codec,
    logger,
    heartbeatMs: config.ADAPTER_HEARTBEAT_MS,
    drainMs: config.SHUTDOWN_DRAIN_MS,
  });
  metrics.watch(runtime, host);
  registerSqlPoolMetrics(metrics.registry, { adapter: adapter.sqlPoolStatus?.bind(adapter) });
  // Operators' endpoints first, so /health can tell "still starting" from "not running".
  const http =
    config.ADAPTER_HTTP_PORT === undefined
      ? undefined
      : await serveAdapterHttp(config.ADAPTER_HTTP_PORT, metrics, host, logger);
  await host.start();
  logger.info('Southgate adapter ready', { adapter: name, instanceId: host.instanceId });
  await new Promise<void>((resolve) => {
    process.on('SIGTERM', () => resolve());
    process.on('SIGINT', () => resolve());
  });
  logger.info('stopping', { adapter: name });
  await host.stop();
  await adapter.close?.();
  if (http) {
    const closed = new Promise((resolve) => http.close(resolve));
    http.closeAllConnections();
    await closed;
  }
  return 0;
}

/** Shown once, on the first start without BOOTSTRAP_* settings; deliberately not logged. */
function printDemoCredentials(c: BootstrapCredentials, port: number): void {
  process.stdout.write(
    [
      '',
      'Southgate created a demo super admin and consumer (shown only this once):',
      `  username:     ${c.username}`,
      `  password:     ${c.password}`,
      `  consumer key: ${c.consumerKey}`,
      'Log in with:',
      `  curl -s -X POST http://localhost:${port}/my/logins/direct \\`,
      `    -H 'DirectLogin: username=${c.username}, password=${c.password}, consumer_key=${c.consumerKey}'`,
      '',
    ].join('\n'),
  );
}

async function runAdminCommand(
  config: Config,
  command: string,
  sub: string | undefined,
  rest: string[],
): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      email: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      'super-admin': { type: 'boolean' },
      name: { type: 'string' },
      key: { type: 'string' },
      role: { type: 'string' },
      'bank-id': { type: 'string' },
    },
  });
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
    return value;
  };
  const sql = await openSqlClient({
    databaseUrl: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, 'gateway'),
    logger: createLogger(config.LOG_LEVEL),
  });
  try {
    const store = await GatewayStore.open(sql);
    // Running gateways on this PostgreSQL store hear of grants and revocations at once.
    const notices = await ChangeNotices.forStore(store, createLogger(config.LOG_LEVEL));
    const services = await createAuthServices(store, {
      onRolesChanged: (userId) => notices.publish({ kind: 'roles', userId }),
      onTokensRevoked: (tokenIds) => notices.publish({ kind: 'tokensRevoked', tokenIds }),
    });
    let result: unknown;
    switch (`${command} ${sub ?? ''}`) {
      case 'users create':
        result = await admin.createUser(services, {
          username: need('username'),
          password: need('password'),
          email: need('email'),
          firstName: values['first-name'] ?? '',
          lastName: values['last-name'] ?? '',
          isSuperAdmin: values['super-admin'] ?? false,
        });
        break;
      case 'users unlock':
        result = await admin.unlockUser(services, need('username'));
        break;
      case 'consumers create':
        result = await admin.createConsumer(services, {
          name: need('name'),
          ...(values.key ? { key: values.key } : {}),
        });
        break;
      case 'entitlements grant':
        result = await admin.grantRole(services, {
          username: need('username'),
          roleName: need('role'),
          bankId: values['bank-id'] ?? '',
        });
        break;
      case 'entitlements list':
        result = await admin.listEntitlements(services, need('username'));
        break;
      case 'tokens revoke':
        result = await admin.revokeTokens(services, need('username'));
        break;
      default:
        throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await sql.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof ConfigError || err instanceof ObpError) {
        process.stderr.write(`southgate: ${err.message}\n`);
      } else if (err instanceof UsageError) {
        process.stderr.write(`southgate: ${err.message}\n\n${usage}\n`);
      } else {
        process.stderr.write(
          `southgate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
      }
      process.exitCode = 1;
    },
  )
  // A cluster worker's channel to its primary would keep the process alive.
  .finally(() => {
    if (process.connected) process.disconnect();
  });
