import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { PROBE_TIMEOUT_MS, type Readiness, type ReadinessReport } from './http/readiness.js';
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
 * worker's metrics for `GET /metrics` and readiness for `GET /ready`; relays a change one worker
 * makes to what the others cache (a user's roles, linked customers) to them before that worker
 * answers; and on SIGTERM or SIGINT lets each worker drain and exit.
 */

/** The environment variable that tells a worker its slot, 1 … GATEWAY_WORKERS. */
const slotVariable = 'SOUTHGATE_WORKER_SLOT';
const metricsRequest = 'southgate:metrics-request';
const metricsReply = 'southgate:metrics-reply';
/** A worker asks the primary for every worker's readiness … */
const readyRequest = 'southgate:ready-request';
const readyReply = 'southgate:ready-reply';
/** … and the primary asks each worker for its own. */
const readyCheck = 'southgate:ready-check';
const readyAnswer = 'southgate:ready-answer';
/** A worker tells the primary of a change it made; the primary answers once the others know … */
const changeRequest = 'southgate:change-request';
const changeDone = 'southgate:change-done';
/** … having asked each of them to apply it. */
const changeApply = 'southgate:change-apply';
const changeApplied = 'southgate:change-applied';
/** How long a change waits for the other workers; a hung one's caches expire by their TTL. */
const changeWaitMs = 1_000;
/** A scrape gives up after this long (prom-client's own limit per gathering is 5 s). */
const scrapeTimeoutMs = 6_000;
/** The primary waits this long for each worker's readiness (its probes time out before). */
const readyGatherMs = PROBE_TIMEOUT_MS + 1_000;
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
  const primary = new PrimaryRequests(metricsRequest, metricsReply);
  metrics.scrapeFrom(async () => {
    const reply = await primary.ask(scrapeTimeoutMs, 'metrics');
    if (typeof reply.error === 'string') throw new Error(reply.error);
    return String(reply.text);
  });
}

/**
 * Called in a worker once its readiness probes exist: answers the primary's readiness checks
 * with this worker's probes, and makes `GET /ready` on this worker report every worker.
 */
export function joinClusterReadiness(readiness: Readiness, slot: number): void {
  process.on('message', (message: unknown) => {
    if (!isMessage(message, readyCheck)) return;
    void readiness
      .own()
      .catch((err: unknown): ReadinessReport => ({ ready: false, checks: {}, error: String(err) }))
      .then((report) => process.send?.({ type: readyAnswer, id: message.id, report }));
  });
  const primary = new PrimaryRequests(readyRequest, readyReply);
  readiness.gatherFrom(slot, async () => {
    const reply = await primary.ask(readyGatherMs + 1_000, 'readiness');
    return reply.workers as Record<string, ReadinessReport>;
  });
}

/** A change one worker made that the other workers' caches must see before it is answered. */
export type CacheChange =
  { readonly kind: 'roles'; readonly userId: string } | { readonly kind: 'linkedCustomers' };

/** How a gateway worker tells the others of its changes, and hears of theirs. */
export interface ClusterChanges {
  /**
   * Resolves once every other serving worker has dropped what the change outdates, or after
   * about a second without all answers (never rejects): a client told of the change may then
   * go to any worker and see it.
   */
  publish(change: CacheChange): Promise<void>;
  /** Sets what to do with a change another worker made. */
  onChange(apply: (change: CacheChange) => void): void;
}

/** Called in a worker before its gateway is built: the channel for cache changes. */
export function joinClusterChanges(): ClusterChanges {
  let apply: (change: CacheChange) => void = () => undefined;
  process.on('message', (message: unknown) => {
    if (!isMessage(message, changeApply)) return;
    if (isCacheChange(message.change)) apply(message.change);
    process.send?.({ type: changeApplied, id: message.id });
  });
  const primary = new PrimaryRequests(changeRequest, changeDone);
  return {
    publish: (change) =>
      primary.ask(changeWaitMs + 1_000, 'change confirmation', { change }).then(
        () => undefined,
        () => undefined,
      ),
    onChange: (fn) => {
      apply = fn;
    },
  };
}

function isCacheChange(value: unknown): value is CacheChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as { kind?: unknown; userId?: unknown };
  return (
    change.kind === 'linkedCustomers' ||
    (change.kind === 'roles' && typeof change.userId === 'string')
  );
}

/** Requests from a worker to the primary, each answered by one message with its id. */
class PrimaryRequests {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve(reply: ClusterMessage): void; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly requestType: string,
    replyType: string,
  ) {
    process.on('message', (message: unknown) => {
      if (!isMessage(message, replyType)) return;
      const entry = this.waiting.get(message.id);
      if (!entry) return;
      this.waiting.delete(message.id);
      clearTimeout(entry.timer);
      entry.resolve(message);
    });
  }

  ask(timeoutMs: number, what: string, payload: object = {}): Promise<ClusterMessage> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the cluster primary sent no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve, timer });
      process.send?.({ ...payload, type: this.requestType, id });
    });
  }
}

/** How the primary runs; from the configuration. */
export interface PrimaryOptions {
  readonly workers: number;
  /** How long workers may drain after SIGTERM before the primary kills them. */
  readonly drainMs: number;
  readonly logger: Logger;
}

/**
 * A message the primary sends to `worker` (a readiness question, a metrics scrape, a change to
 * apply) can meet a worker that has just died: until the primary reads the end of its channel it
 * still counts as connected, and the write fails with EPIPE, reported as the worker's 'error'
 * event. Unheard, that event would end the primary, and every worker and the port with it. Heard,
 * the message is lost: the exit, handled next, ends the questions waiting for an answer.
 */
export function keepPrimaryOnFailedSends(worker: Worker, slot: number, logger: Logger): void {
  worker.on('error', (error: Error) => {
    logger.warn('a message to a gateway worker was not delivered', {
      worker: slot,
      error: error.message,
    });
  });
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

  const queries = new WorkerQueries();
  /** Workers that have started listening (so they answer readiness checks and changes). */
  const serving = new WeakSet<Worker>();
  cluster.on('message', (worker, message: unknown) => {
    if (isMessage(message, metricsRequest)) {
      aggregator.clusterMetrics().then(
        (text) => send(worker, { type: metricsReply, id: message.id, text }),
        (err: unknown) => send(worker, { type: metricsReply, id: message.id, error: String(err) }),
      );
    } else if (isMessage(message, readyRequest)) {
      void gatherReadiness(queries, options.workers, (slot) => {
        const w = bySlot.get(slot);
        return w && serving.has(w) && w.isConnected() ? w : undefined;
      }).then((workers) => send(worker, { type: readyReply, id: message.id, workers }));
    } else if (isMessage(message, readyAnswer)) {
      queries.answered(message.id, message.report);
    } else if (isMessage(message, changeRequest)) {
      const others = [...bySlot.values()].filter(
        (w) => w !== worker && serving.has(w) && w.isConnected(),
      );
      void Promise.all(
        others.map((w) =>
          queries.ask(w, changeApply, { change: message.change }, changeWaitMs, {
            timeout: undefined,
            exited: undefined,
          }),
        ),
      ).then(() => send(worker, { type: changeDone, id: message.id }));
    } else if (isMessage(message, changeApplied)) {
      queries.answered(message.id, undefined);
    }
  });

  let port: number | undefined;
  /** Starts the worker of `slot`; resolves true once it listens, false if it exits first. */
  const start = (slot: number): Promise<boolean> => {
    const worker = cluster.fork({ [slotVariable]: String(slot) });
    keepPrimaryOnFailedSends(worker, slot, logger);
    const startedAt = Date.now();
    bySlot.set(slot, worker);
    return new Promise<boolean>((resolve) => {
      let listening = false;
      worker.once('listening', (address) => {
        port = address.port;
        serving.add(worker);
        listening = true;
        resolve(true);
      });
      worker.once('exit', (code, signal) => {
        if (bySlot.get(slot) === worker) bySlot.delete(slot);
        queries.exited(worker);
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

/**
 * The primary's side of a readiness request: every slot's report. A worker not serving yet
 * (starting, or restarting after it died) is marked so, and one not answering in time is not
 * ready.
 */
async function gatherReadiness(
  queries: WorkerQueries,
  workers: number,
  serving: (slot: number) => Worker | undefined,
): Promise<Record<string, ReadinessReport>> {
  const slots = Array.from({ length: workers }, (_, i) => i + 1);
  const reports = await Promise.all(
    slots.map(async (slot): Promise<[string, ReadinessReport]> => {
      const worker = serving(slot);
      if (!worker) {
        const report = { ready: false, serving: false, checks: {}, error: 'starting' } as const;
        return [String(slot), report];
      }
      const report = await queries.ask<ReadinessReport>(worker, readyCheck, {}, readyGatherMs, {
        timeout: { ready: false, checks: {}, error: `no answer within ${readyGatherMs} ms` },
        exited: { ready: false, serving: false, checks: {}, error: 'exited' },
      });
      return [String(slot), report];
    }),
  );
  return Object.fromEntries(reports);
}

/** The primary's questions to workers, each answered by one message with its id. */
class WorkerQueries {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { readonly worker: Worker; done(answer: unknown): void; exited(): void }
  >();

  /**
   * Sends `type` with `payload` to `worker`; resolves with its answer, or with the fallback
   * when it does not answer within `timeoutMs` or exits first.
   */
  ask<T>(
    worker: Worker,
    type: string,
    payload: object,
    timeoutMs: number,
    fallback: { readonly timeout: T; readonly exited: T },
  ): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      const timer = setTimeout(() => done(fallback.timeout), timeoutMs);
      const done = (answer: T) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(answer);
      };
      this.waiting.set(id, {
        worker,
        done: (answer) => done(answer as T),
        exited: () => done(fallback.exited),
      });
      send(worker, { ...payload, type, id });
    });
  }

  answered(id: number, answer: unknown): void {
    this.waiting.get(id)?.done(answer);
  }

  /** A worker died: its unanswered questions end now. */
  exited(worker: Worker): void {
    for (const entry of [...this.waiting.values()]) {
      if (entry.worker === worker) entry.exited();
    }
  }
}

function send(worker: Worker, message: object): void {
  if (worker.isConnected()) worker.send(message);
}

/** A message between the primary and a worker, matched to its request by `id`. */
interface ClusterMessage {
  readonly type: string;
  readonly id: number;
  readonly [field: string]: unknown;
}

function isMessage(message: unknown, type: string): message is ClusterMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === type &&
    typeof (message as { id?: unknown }).id === 'number'
  );
}
