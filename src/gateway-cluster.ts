import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';

/**
 * `GATEWAY_WORKERS` > 1: one primary process and that many gateway workers sharing the HTTP port
 * (node:cluster hands each new connection to a worker in turn). Every worker is a whole gateway
 * with its own connector, breakers and in-flight bounds; what they must agree on lives in the
 * shared PostgreSQL (users, tokens, entitlements, Idempotency-Keys) or behind the transport.
 *
 * The primary serves no requests. It starts worker 1 alone, so that migrations and bootstrap
 * accounts are settled once, then the others; restarts a worker that dies; gathers every
 * worker's metrics for `GET /metrics`; and on SIGTERM or SIGINT lets each worker drain and exit.
 */

/** The environment variable that tells a worker its slot, 1 … GATEWAY_WORKERS. */
const slotVariable = 'SOUTHGATE_WORKER_SLOT';
const metricsRequest = 'southgate:metrics-request';
const metricsReply = 'southgate:metrics-reply';
/** A scrape gives up after this long (prom-client's own limit per gathering is 5 s). */
const scrapeTimeoutMs = 6_000;
const firstRestartDelayMs = 1_000;
const maxRestartDelayMs = 30_000;
/** A worker that served this long before dying is restarted after the first delay again. */
const stableAfterMs = 60_000;

/** This process's worker slot when it is a gateway cluster worker; undefined otherwise. */
export function workerSlot(): number | undefined {
  if (!cluster.isWorker) return undefined;
  const slot = Number(process.env[slotVariable]);
  return Number.isInteger(slot) && slot > 0 ? slot : undefined;
}

/**
 * Called in a worker once its metrics exist: answers the primary's requests for this worker's
 * registry, and makes `GET /metrics` on this worker return the whole cluster's.
 */
export function joinClusterMetrics(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Constructing one installs prom-client's listener that answers the primary.
  new AggregatorRegistry();
  let nextId = 0;
  const waiting = new Map<
    number,
    { resolve(text: string): void; reject(err: Error): void; timer: NodeJS.Timeout }
  >();
  process.on('message', (message: unknown) => {
    if (!isMessage(message, metricsReply)) return;
    const entry = waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id);
    clearTimeout(entry.timer);
    if (typeof message.error === 'string') entry.reject(new Error(message.error));
    else entry.resolve(String(message.text));
  });
  metrics.scrapeFrom(
    () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the cluster primary sent no metrics within ${scrapeTimeoutMs} ms`));
        }, scrapeTimeoutMs);
        waiting.set(id, { resolve, reject, timer });
        process.send?.({ type: metricsRequest, id });
      }),
  );
}

/** How the primary runs; from the configuration. */
export interface PrimaryOptions {
  readonly workers: number;
  /** How long workers may drain after SIGTERM before the primary kills them. */
  readonly drainMs: number;
  readonly logger: Logger;
}

/**
 * Runs the cluster primary until a signal stops it: resolves with 0 when every worker drained
 * and exited cleanly, 1 otherwise or when worker 1 could not start.
 */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  const bySlot = new Map<number, Worker>();
  const restarts = new Map<number, { delayMs: number; timer?: NodeJS.Timeout }>();
  let stopping = false;
  let failed = false;
  let stopped: () => void = () => undefined;
  const allStopped = new Promise<void>((resolve) => (stopped = resolve));

  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message, metricsRequest)) return;
    aggregator.clusterMetrics().then(
      (text) => send(worker, { type: metricsReply, id: message.id, text }),
      (err: unknown) => send(worker, { type: metricsReply, id: message.id, error: String(err) }),
    );
  });

  let port: number | undefined;
  /** Starts the worker of `slot`; resolves true once it listens, false if it exits first. */
  const start = (slot: number): Promise<boolean> => {
    const worker = cluster.fork({ [slotVariable]: String(slot) });
    const startedAt = Date.now();
    bySlot.set(slot, worker);
    return new Promise<boolean>((resolve) => {
      let listening = false;
      worker.once('listening', (address) => {
        port = address.port;
        listening = true;
        resolve(true);
      });
      worker.once('exit', (code, signal) => {
        if (bySlot.get(slot) === worker) bySlot.delete(slot);
        resolve(false);
        const how = signal ? { signal } : { code };
        if (stopping) {
          if (code !== 0) failed = true;
          if (bySlot.size === 0) stopped();
          return;
        }
        logger.error('gateway worker exited', { worker: slot, ...how, listening });
        const restart = restarts.get(slot) ?? { delayMs: firstRestartDelayMs };
        if (Date.now() - startedAt >= stableAfterMs) restart.delayMs = firstRestartDelayMs;
        restart.timer = setTimeout(() => {
          restart.timer = undefined;
          if (stopping) return;
          logger.info('restarting gateway worker', { worker: slot });
          void start(slot);
        }, restart.delayMs);
        restart.delayMs = Math.min(restart.delayMs * 2, maxRestartDelayMs);
        restarts.set(slot, restart);
      });
    });
  };

  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal, workers: bySlot.size });
    for (const restart of restarts.values()) clearTimeout(restart.timer);
    if (bySlot.size === 0) stopped();
    for (const worker of bySlot.values()) worker.process.kill('SIGTERM');
    // A worker that outlives its own drain deadline by this much is killed.
    setTimeout(() => {
      for (const worker of bySlot.values()) worker.process.kill('SIGKILL');
    }, options.drainMs + 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Worker 1 alone first: it applies the migrations and creates the bootstrap accounts.
  if (!(await start(1))) {
    if (!stopping) logger.error('gateway worker 1 could not start; stopping');
    stop('startup failure');
    await allStopped;
    return 1;
  }
  const others = await Promise.all(
    Array.from({ length: options.workers - 1 }, (_, i) => start(i + 2)),
  );
  if (!stopping) {
    logger.info('Southgate cluster ready', {
      port,
      workers: options.workers,
      started: 1 + others.filter(Boolean).length,
    });
  }
  await allStopped;
  return failed ? 1 : 0;
}

function send(worker: Worker, message: object): void {
  if (worker.isConnected()) worker.send(message);
}

function isMessage(
  message: unknown,
  type: string,
): message is { type: string; id: number; text?: unknown; error?: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === type &&
    typeof (message as { id?: unknown }).id === 'number'
  );
}
