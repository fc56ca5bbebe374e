import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const latencyBuckets = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * The gateway's Prometheus metrics (prom-client), served at `GET /metrics`: HTTP latency per
 * endpoint, connector latency per method and backend, in-flight calls, timeouts, retries,
 * rejections, circuit-breaker states and transitions, plus gauges read from the transport at
 * scrape time (late replies, pending replies, dead letters) and Node's process metrics.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'southgate_http_request_duration_seconds',
    help: 'HTTP request latency, by OBP operation, HTTP method and status.',
    labelNames: ['operation', 'method', 'status'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly connectorCallDuration = new Histogram({
    name: 'southgate_connector_call_duration_seconds',
    help: 'Connector call latency (retries included), by method, backend and outcome (ok or the OBP code).',
    labelNames: ['method', 'backend', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly connectorInFlight = new Gauge({
    name: 'southgate_connector_in_flight',
    help: 'Connector calls in flight, by method and backend.',
    labelNames: ['method', 'backend'] as const,
    registers: [this.registry],
  });

  readonly connectorTimeouts = new Counter({
    name: 'southgate_connector_timeouts_total',
    help: 'Connector calls that reached their deadline without a reply (OBP-60014).',
    labelNames: ['method', 'backend'] as const,
    registers: [this.registry],
  });

  readonly connectorRetries = new Counter({
    name: 'southgate_connector_retries_total',
    help: 'Connector calls tried again after a retriable failure.',
    labelNames: ['method', 'backend'] as const,
    registers: [this.registry],
  });

  readonly connectorRejections = new Counter({
    name: 'southgate_connector_rejections_total',
    help: 'Connector calls refused at once: breaker_open, too_busy or not_implemented.',
    labelNames: ['method', 'backend', 'reason'] as const,
    registers: [this.registry],
  });

  readonly breakerState = new Gauge({
    name: 'southgate_circuit_breaker_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open (the worst worker in a cluster).',
    labelNames: ['method', 'backend'] as const,
    registers: [this.registry],
    aggregator: 'max',
  });

  readonly breakerTransitions = new Counter({
    name: 'southgate_circuit_breaker_transitions_total',
    help: 'Circuit breaker state changes, by the state entered.',
    labelNames: ['method', 'backend', 'state'] as const,
    registers: [this.registry],
  });

  private scraper: () => Promise<string> = () => this.registry.metrics();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'southgate_' });
  }

  /** Every metric in the Prometheus text format: this process's, or the whole cluster's. */
  scrape(): Promise<string> {
    return this.scraper();
  }

  /**
   * Makes {@link scrape} answer from `source` instead: a cluster worker asks the primary, which
   * gathers every worker's registry (counters and histograms summed, breaker states at their
   * worst).
   */
  scrapeFrom(source: () => Promise<string>): void {
    this.scraper = source;
  }

  /**
   * A gauge whose value is read from `read` at every scrape. In a cluster the workers' values
   * are summed, or, with `aggregator: 'max'`, the largest is kept (for facts all workers see
   * alike, such as the dead letters in the one topic).
   */
  gaugeFrom(
    name: string,
    help: string,
    read: () => number | Promise<number>,
    aggregator: 'sum' | 'max' = 'sum',
  ): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      aggregator,
      async collect() {
        this.set(await read());
      },
    });
  }
}
