import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { CircuitBreakers, type BreakerState } from './circuit-breakers.js';
import { Connector } from './connector.js';
import type { Transport } from './transport.js';

const stateValue: Record<BreakerState, number> = { closed: 0, halfOpen: 1, open: 2 };

/**
 * The gateway's connector as configured: per-method deadlines (reads shorter than writes, with
 * overrides), one circuit breaker per method of the backend route (which also bounds calls in
 * flight), retries of retriable failures within the deadline, users' linked customers on every
 * call, and metrics.
 */
export function createConnector(
  transport: Transport,
  backend: string,
  config: Config,
  deps: {
    catalog: SchemaCatalog;
    codec: SingleObjectCodec;
    logger: Logger;
    metrics?: Metrics;
    onLinkedCustomersChanged?: () => Promise<void>;
  },
): Connector {
  const metrics = deps.metrics;
  const breakers = new CircuitBreakers(
    backend,
    {
      volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
      errorThresholdPercentage: config.BREAKER_ERROR_PERCENTAGE,
      resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
      rollingWindowMs: config.BREAKER_ROLLING_WINDOW_MS,
      maxInFlight: config.CONNECTOR_MAX_IN_FLIGHT,
    },
    config.BREAKER_OVERRIDES,
    deps.logger,
    (method, state) => {
      metrics?.breakerState.set({ method, backend }, stateValue[state]);
      metrics?.breakerTransitions.inc({ method, backend, state });
    },
  );
  return new Connector(transport, {
    catalog: deps.catalog,
    codec: deps.codec,
    logger: deps.logger,
    backend,
    breakers,
    metrics,
    linkedCustomersTtlMs: config.LINKED_CUSTOMERS_TTL_MS,
    onLinkedCustomersChanged: deps.onLinkedCustomersChanged,
    retry: {
      maxRetries: config.CONNECTOR_MAX_RETRIES,
      backoffMs: config.CONNECTOR_RETRY_BACKOFF_MS,
    },
    timeouts: {
      read: config.CONNECTOR_READ_TIMEOUT_MS,
      write: config.CONNECTOR_WRITE_TIMEOUT_MS,
      perMethod: config.CONNECTOR_TIMEOUTS_MS,
    },
  });
}
