import CircuitBreaker from 'opossum';
import type { MethodName } from '../codec/message-types.js';
import { ObpError } from '../errors/obp-error.js';
import type { Logger } from '../observability/logger.js';

/** When a method's breaker opens, how it recovers, and how many calls may be in flight. */
export interface BreakerSettings {
  /** Calls in the rolling window before the error rate can open the breaker. */
  readonly volumeThreshold: number;
  /** Percentage of failed calls (timeouts, transport and backend faults) that opens it. */
  readonly errorThresholdPercentage: number;
  /** How long it stays open before one trial call may go through (half-open). */
  readonly resetTimeoutMs: number;
  /** Length of the rolling window the error rate is measured over. */
  readonly rollingWindowMs: number;
  /** Calls of this method allowed in flight at once; beyond, 503 at once (backpressure). */
  readonly maxInFlight: number;
}

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** Told about state changes (metrics, logs). */
export type BreakerListener = (method: MethodName, state: BreakerState) => void;

interface Entry {
  readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  readonly settings: BreakerSettings;
  openedAt: number;
}

/**
 * One long-lived circuit breaker per connector method of one backend route (opossum 9), never
 * one per request. Only retriable failures — timeouts, transport and backend faults — count
 * towards opening it; business errors (not found, duplicate) pass through uncounted. An open
 * breaker, and a method at its in-flight bound, answer 503 at once with `Retry-After`. opossum's
 * own timeout is off: each request carries its own deadline (see the transports), because
 * opossum 9 would abort every call in flight on one timeout.
 */
export class CircuitBreakers {
  private readonly entries = new Map<MethodName, Entry>();
  private readonly log: Logger;

  constructor(
    /** Label of the backend route, e.g. `kafka:southgate` or `inprocess:memory`. */
    readonly route: string,
    private readonly defaults: BreakerSettings,
    private readonly perMethod: Partial<Record<MethodName, Partial<BreakerSettings>>>,
    logger: Logger,
    private readonly listener: BreakerListener = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.log = logger.child({ area: 'circuit-breaker', route });
  }

  /** Runs `work` through `method`'s breaker; rejects with an ObpError 503 when it may not run. */
  async run<T>(method: MethodName, work: () => Promise<T>, correlationId: string): Promise<T> {
    const entry = this.entry(method);
    try {
      return (await entry.breaker.fire(work)) as T;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const context = { method, correlationId, route: this.route };
      if (code === 'EOPENBREAKER') {
        const retryAfter = Math.max(
          1,
          Math.ceil((entry.openedAt + entry.settings.resetTimeoutMs - this.now()) / 1000),
        );
        throw new ObpError('AdapterOrCoreBankingSystemException', {
          detail: ` The circuit breaker for ${method} is open after repeated backend failures; retry after ${retryAfter} s.`,
          headers: { 'Retry-After': String(retryAfter) },
          context,
        });
      }
      if (code === 'ESEMLOCKED') {
        throw new ObpError('ServiceIsTooBusy', {
          detail: ` Too many ${method} calls in flight (at most ${entry.settings.maxInFlight}).`,
          headers: { 'Retry-After': '1' },
          context,
        });
      }
      throw err;
    }
  }

  /** The state of every breaker created so far. */
  states(): { method: MethodName; state: BreakerState }[] {
    return [...this.entries].map(([method, entry]) => ({ method, state: stateOf(entry.breaker) }));
  }

  /** Stops the breakers' timers. */
  shutdown(): void {
    for (const entry of this.entries.values()) entry.breaker.shutdown();
  }

  private entry(method: MethodName): Entry {
    let entry = this.entries.get(method);
    if (entry) return entry;
    const settings = { ...this.defaults, ...this.perMethod[method] };
    const breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      name: `${this.route}:${method}`,
      timeout: false,
      volumeThreshold: settings.volumeThreshold,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: 10,
      // opossum's latency percentiles are unused (the metrics have their own histograms) and
      // dangerous: with them on, every failed call sorts every latency of the window, so a
      // busy backend that starts failing costs milliseconds of CPU per failure until the
      // breaker opens. The snapshots would sort them once a bucket, for no reader.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      capacity: settings.maxInFlight,
      // Truthy means "not a failure": business errors and anything not known to be retriable.
      errorFilter: (err: unknown) => !(err instanceof ObpError && err.retriable),
    });
    const created: Entry = { breaker, settings, openedAt: 0 };
    breaker.on('open', () => {
      created.openedAt = this.now();
      this.log.warn('circuit breaker opened', { method });
      this.listener(method, 'open');
    });
    breaker.on('halfOpen', () => {
      this.log.info('circuit breaker half-open: letting one trial call through', { method });
      this.listener(method, 'halfOpen');
    });
    breaker.on('close', () => {
      this.log.info('circuit breaker closed', { method });
      this.listener(method, 'closed');
    });
    this.entries.set(method, created);
    entry = created;
    return entry;
  }
}

function stateOf(breaker: CircuitBreaker<[() => Promise<unknown>], unknown>): BreakerState {
  if (breaker.opened) return 'open';
  if (breaker.halfOpen) return 'halfOpen';
  return 'closed';
}
