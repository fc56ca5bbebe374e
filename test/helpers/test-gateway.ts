import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { createMemoryAdapter } from '../../connectors/memory/memory-adapter.js';
import type { Adapter } from '../../src/adapter/index.js';
import { buildApp } from '../../src/app.js';
import { createAuthServices, type AuthServices } from '../../src/auth/auth-services.js';
import type { RoleName } from '../../src/auth/roles.js';
import type { Connector } from '../../src/connector/connector.js';
import { loadConfig } from '../../src/config.js';
import { BankDirectory } from '../../src/http/bank-directory.js';
import { Readiness } from '../../src/http/readiness.js';
import type { GatewayServices, HttpSettings } from '../../src/http/gateway-services.js';
import type { Logger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { GatewayStore } from '../../src/store/gateway-store.js';
import { kafkaLayout } from '../../src/transport/transport-factory.js';
import { openTestDatabase } from './test-database.js';
import { createInProcessConnector, testCatalog, testLogger } from './in-process-connector.js';
import { startKafkaConnector } from './kafka-connector.js';

/** A password that passes OBP's strength rule. */
export const testPassword = 'Str0ng!Passw0rd';
/** The demo bank every backend is seeded with. */
export const demoBank = 'gh.29.uk';

/** A logged-in test user. */
export interface TestUser {
  readonly userId: string;
  readonly username: string;
  readonly token: string;
  /** `{ DirectLogin: 'token=…' }`, ready for supertest's `.set()`. */
  readonly auth: Record<string, string>;
}

/** A gateway on the real test PostgreSQL (its own schema) with a memory adapter. */
export interface TestGateway {
  readonly services: GatewayServices;
  readonly authServices: AuthServices;
  readonly consumerKey: string;
  /** supertest bound to the running server. */
  http(): request.Agent;
  /** A new user holding `grants` ([role, bankId], bankId '' for system roles), logged in. */
  user(grants?: ReadonlyArray<readonly [RoleName, string]>): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  readonly adapter?: Adapter;
  /** A connector of your own (e.g. over Kafka); replaces the in-process one. */
  readonly connector?: Connector;
  readonly settings?: Partial<HttpSettings>;
  /** Where the gateway logs; silent unless TEST_LOG_LEVEL says otherwise. */
  readonly logger?: Logger;
  /** Idempotency-Key lifetimes (default: a day once answered, a minute's claim). */
  readonly idempotency?: { readonly ttlMs?: number; readonly inProgressLeaseMs?: number };
}

/**
 * Starts a gateway for HTTP tests: real store (PostgreSQL, fresh schema), real auth services with
 * a cheap scrypt cost, the in-process connector to a memory adapter unless told otherwise, and a
 * listening server on an ephemeral port.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sql = await openTestDatabase();
  const store = await GatewayStore.open(sql);
  const authServices = await createAuthServices(store, {
    scryptCost: { logN: 4, r: 8, p: 1 },
    entitlementCacheTtlMs: 0,
  });
  const { key: consumerKey } = await authServices.consumers.createConsumer({ name: 'tests' });
  // TEST_TRANSPORT=kafka runs the same tests over the real broker, the memory adapter in its own
  // process, with the topic layout Southgate ships (one partition per topic).
  const kafka =
    options.connector === undefined && process.env.TEST_TRANSPORT === 'kafka'
      ? await startKafkaConnector({
          ...(options.adapter ? { adapter: options.adapter } : {}),
          layout: kafkaLayout(loadConfig({})),
          linkedCustomersTtlMs: 0,
        })
      : undefined;
  // Users' linked customers are filled as in the gateway, looked up afresh for every request.
  const connector =
    options.connector ??
    kafka?.connector ??
    createInProcessConnector(options.adapter ?? createMemoryAdapter(), { linkedCustomersTtlMs: 0 })
      .connector;
  const services: GatewayServices = {
    connector,
    // No caching in tests: each request sees the backend as it is.
    banks: new BankDirectory(connector, 0),
    catalog: testCatalog,
    auth: authServices.auth,
    users: authServices.users,
    entitlements: authServices.entitlements,
    settings: {
      allowCustomerFirehose: true,
      allowUserSelfRegistration: true,
      bodyLimitBytes: 102_400,
      ...options.settings,
    },
    logger: options.logger ?? testLogger,
    metrics: new Metrics(),
    idempotency: {
      repository: store.idempotencyKeys,
      ttlMs: 24 * 3600 * 1000,
      inProgressLeaseMs: 60_000,
      ...options.idempotency,
    },
    readiness: new Readiness([
      { name: 'store', check: () => sql.query('SELECT 1').then(() => ({ ok: true })) },
      ...(kafka
        ? [{ name: 'transport', check: () => Promise.resolve(kafka.transport.status()) }]
        : []),
      {
        name: 'breakers',
        check: () => Promise.resolve({ ok: true, states: connector.breakers?.states() ?? [] }),
      },
    ]),
  };
  const server: Server = await new Promise((resolve) => {
    const s = buildApp(services).listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    services,
    authServices,
    consumerKey,
    http: () => request.agent(base),
    async user(grants = []) {
      const username = `u${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const user = await authServices.users.createUser({
        username,
        email: `${username}@example.com`,
        password: testPassword,
        firstName: 'Test',
        lastName: 'User',
      });
      for (const [role, bankId] of grants)
        await authServices.entitlements.grant(user.userId, role, bankId);
      const { token } = await authServices.auth.login({
        directlogin: `username=${username}, password=${testPassword}, consumer_key=${consumerKey}`,
      });
      return { userId: user.userId, username, token, auth: { DirectLogin: `token=${token}` } };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await kafka?.close();
      await sql.close();
    },
  };
}
