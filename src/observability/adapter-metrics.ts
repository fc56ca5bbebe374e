import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RuntimeStats } from '../adapter/adapter-runtime.js';
import type { MethodName } from '../codec/message-types.js';
import type { Logger } from './logger.js';
import { latencyBuckets } from './metrics.js';

/** What an adapter process's host reports about itself (KafkaAdapterHost). */
export interface AdapterHostView {
  readonly stats: {
    readonly received: number;
    readonly replied: number;
    readonly deadLettered: number;
    readonly undeliverable: number;
    readonly consumerCrashes: number;
  };
  status(): { ok: boolean; consuming: boolean; stopping: boolean; inFlight: number };
}

/**
 * An adapter process's Prometheus metrics (`southgate adapter <name>` with ADAPTER_HTTP_PORT):
 * handler latency per method and outcome, the messages received, replied, deduplicated,
 * skipped past their deadline and dead-lettered, the work in flight, and Node's process
 * metrics. Every series carries the adapter's name.
 */
export class AdapterMetrics {
  readonly registry = new Registry();

  readonly handlerDuration = new Histogram({
    name: 'southgate_adapter_handler_duration_seconds',
    help: 'Handler execution time, by method and outcome (ok or the OBP error code).',
    labelNames: ['method', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  constructor(adapterName: string) {
    this.registry.setDefaultLabels({ adapter: adapterName });
    collectDefaultMetrics({ register: this.registry, prefix: 'southgate_adapter_' });
  }

  /** For the runtime's `onExecuted` option. */
  readonly observe = (method: MethodName, outcome: string, seconds: number): void => {
    this.handlerDuration.observe({ method, outcome }, seconds);
  };

  /** Exports the counters of the runtime and the host, read at every scrape. */
  watch(runtime: { readonly stats: RuntimeStats }, host: AdapterHostView): void {
    const counters: [string, string, () => number][] = [
      ['received', 'Request messages received.', () => host.stats.received],
      ['replies', 'Replies sent.', () => host.stats.replied],
      ['executed', 'Handler executions.', () => runtime.stats.executed],
      [
        'deduplicated',
        'Writes answered from the idempotency store, not executed again.',
        () => runtime.stats.deduplicated,
      ],
      [
        'skipped_past_deadline',
        'Requests not executed because their deadline had passed.',
        () => runtime.stats.skippedPastDeadline,
      ],
      ['dead_letters', 'Messages sent to the dead-letter queue.', () => host.stats.deadLettered],
      [
        'undeliverable',
        'Replies or dead letters that could not be produced.',
        () => host.stats.undeliverable,
      ],
      [
        'consumer_crashes',
        'Crashes of the request consumer (each one run again).',
        () => host.stats.consumerCrashes,
      ],
    ];
    for (const [name, help, read] of counters) {
      new Counter({
        name: `southgate_adapter_${name}_total`,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }
    new Gauge({
      name: 'southgate_adapter_in_flight',
      help: 'Request messages being processed.',
      registers: [this.registry],
      collect() {
        this.set(host.status().inFlight);
      },
    });
    new Gauge({
      name: 'southgate_adapter_consuming',
      help: '1 while the adapter is a member of its consumer group and fetching, else 0.',
      registers: [this.registry],
      collect() {
        this.set(host.status().consuming ? 1 : 0);
      },
    });
  }
}

/**
 * An adapter process's operator endpoints on `port` (0: any free port), on every interface:
 * `GET /metrics` (Prometheus text) and `GET /health` (200 while consuming, else 503, with the
 * host's status as JSON). Anything else is a 404. Resolves once listening.
 */
export async function serveAdapterHttp(
  port: number,
  metrics: AdapterMetrics,
  host: AdapterHostView,
  logger: Logger,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health') {
      const status = host.status();
      res
        .writeHead(status.ok ? 200 : 503, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ status: status.ok ? 'ok' : 'unavailable', ...status }));
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
        (err: unknown) => {
          logger.warn('could not collect adapter metrics', { error: String(err) });
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  logger.info('adapter http listening', { port: (server.address() as AddressInfo).port });
  return server;
}
