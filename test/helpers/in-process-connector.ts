import { randomUUID } from 'node:crypto';
import { AdapterRuntime, type Adapter } from '../../src/adapter/index.js';
import { SchemaCatalog } from '../../src/codec/schema-catalog.js';
import { SingleObjectCodec } from '../../src/codec/single-object-codec.js';
import type { CallContext } from '../../src/connector/call-context.js';
import { Connector, type ConnectorOptions } from '../../src/connector/connector.js';
import { createLogger } from '../../src/observability/logger.js';
import { InProcessTransport } from '../../src/transport/in-process-transport.js';

const catalog = SchemaCatalog.load();
const codec = new SingleObjectCodec(catalog);
const logger = createLogger((process.env.TEST_LOG_LEVEL as 'debug' | undefined) ?? 'silent');

/**
 * A connector wired to `adapter` through the real runtime and in-process transport. `options`
 * adds to the test defaults, e.g. `linkedCustomersTtlMs` to fill users' linked customers as the
 * gateway does.
 */
export function createInProcessConnector(
  adapter: Adapter,
  options: Partial<
    Pick<ConnectorOptions, 'linkedCustomersTtlMs' | 'onLinkedCustomersChanged' | 'now' | 'timeouts'>
  > = {},
): {
  connector: Connector;
  runtime: AdapterRuntime;
} {
  const runtime = new AdapterRuntime(adapter, { catalog, codec, logger });
  const connector = new Connector(new InProcessTransport(runtime), {
    catalog,
    codec,
    logger,
    timeouts: { read: 5_000, write: 10_000 },
    ...options,
  });
  return { connector, runtime };
}

/** A call context as the HTTP layer would build it for a logged-in user. */
export function testCallContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    correlationId: randomUUID(),
    consumerId: 'test-consumer',
    user: { userId: 'test-user-id', username: 'test-user' },
    passThrough: [],
    ...overrides,
  };
}

export { catalog as testCatalog, codec as testCodec, logger as testLogger };
