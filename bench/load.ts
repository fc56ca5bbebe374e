import autocannon from 'autocannon';
import { cpuUsageBetween, snapshotCpu, type CpuUsage } from './cpu-usage.js';
import { pacedLoad } from './paced-load.js';

/** One HTTP request to load a server with. */
export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What one measured run gave. */
export interface Measurement {
  /**
   * Undefined: closed loop (autocannon: each connection sends its next request when the last is
   * answered). A number: that many requests per second offered evenly ({@link pacedLoad}).
   */
  readonly pacedRate: number | undefined;
  /** Closed loop: mean of the per-second request counts; paced: answers per second. */
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses received, all statuses. */
  readonly responses: number;
  /** Connection errors (timeouts included). */
  readonly connectionErrors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Response count per HTTP status. */
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly durationSeconds: number;
  /** CPU use of the watched processes and the machine during the measured run. */
  readonly cpu: CpuUsage;
  /** The measured run on the monotonic clock in µs (the clock of `--cpu-prof` timestamps). */
  readonly window: { readonly startUs: number; readonly endUs: number };
}

/** How long and how hard to load. */
export interface LoadPlan {
  readonly connections: number;
  /**
   * Requests per second of all connections together, offered evenly ({@link pacedLoad});
   * undefined: closed loop with autocannon, as fast as the answers come.
   */
  readonly rate: number | undefined;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

let current: autocannon.Instance | undefined;

/**
 * Loads `request` from this process: a warm-up (discarded), then the measured run, during which
 * the CPU time of `watch` (name → pid) is recorded. Without a rate, autocannon runs a closed
 * loop; with one, {@link pacedLoad} offers it evenly. Rejects only when the load cannot run at
 * all; failed requests are counted, not thrown.
 */
export async function measure(
  request: LoadRequest,
  plan: LoadPlan,
  watch: ReadonlyMap<string, number>,
): Promise<Measurement> {
  if (plan.rate !== undefined) return measurePaced(request, { ...plan, rate: plan.rate }, watch);
  const { result, cpu, window } = await warmThenWatch(
    (seconds) => runOnce(request, plan, seconds),
    plan,
    watch,
  );
  const statusCodes: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats))
    statusCodes[status] = Number(count);
  return {
    pacedRate: undefined,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    responses: Object.values(statusCodes).reduce((a, b) => a + b, 0),
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    durationSeconds: result.duration,
    cpu,
    window,
  };
}

async function measurePaced(
  request: LoadRequest,
  plan: LoadPlan & { readonly rate: number },
  watch: ReadonlyMap<string, number>,
): Promise<Measurement> {
  const { result, cpu, window } = await warmThenWatch(
    (durationSeconds) => pacedLoad(request, { ...plan, durationSeconds, timeoutSeconds: 10 }),
    plan,
    watch,
  );
  const latencies = result.latenciesMs;
  /** Nearest rank, to 0.1 ms. */
  const percentile = (p: number): number =>
    latencies.length === 0
      ? 0
      : Math.round(10 * (latencies[Math.ceil(p * latencies.length) - 1] as number)) / 10;
  const responses = latencies.length;
  return {
    pacedRate: plan.rate,
    reqPerSec: responses / Math.max(result.elapsedSeconds, plan.durationSeconds),
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    maxMs: percentile(1),
    responses,
    connectionErrors: result.errors + result.timeouts,
    timeouts: result.timeouts,
    non2xx: Object.entries(result.statusCodes)
      .filter(([status]) => !status.startsWith('2'))
      .reduce((sum, [, count]) => sum + count, 0),
    statusCodes: result.statusCodes,
    durationSeconds: plan.durationSeconds,
    cpu,
    window,
  };
}

/** Runs `load` for the warm-up (discarded), then for the measured run while watching CPU. */
async function warmThenWatch<R>(
  load: (seconds: number) => Promise<R>,
  plan: LoadPlan,
  watch: ReadonlyMap<string, number>,
): Promise<{ result: R; cpu: CpuUsage; window: Measurement['window'] }> {
  if (plan.warmupSeconds > 0) await load(plan.warmupSeconds);
  const before = snapshotCpu(watch);
  const startUs = monotonicUs();
  const result = await load(plan.durationSeconds);
  const endUs = monotonicUs();
  return { result, cpu: cpuUsageBetween(before, snapshotCpu(watch)), window: { startUs, endUs } };
}

/** Stops the autocannon run in progress, if any (Ctrl-C). */
export function stopLoad(): void {
  current?.stop();
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

async function runOnce(
  request: LoadRequest,
  plan: LoadPlan,
  durationSeconds: number,
): Promise<autocannon.Result> {
  current = autocannon({
    url: request.url,
    method: request.method,
    headers: { ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
    connections: plan.connections,
    duration: durationSeconds,
    timeout: 10,
  });
  try {
    return await current;
  } finally {
    current = undefined;
  }
}
