import autocannon from 'autocannon';
import { cpuUsageBetween, snapshotCpu, type CpuUsage } from './cpu-usage.js';

/** One HTTP request to load a server with. */
export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What one measured run gave. */
export interface Measurement {
  /** Mean of the per-second request counts. */
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses received, all statuses. */
  readonly responses: number;
  /** Connection errors reported by autocannon (timeouts included). */
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
  /** Requests per second of all connections together; undefined: unlimited. */
  readonly rate: number | undefined;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

let current: autocannon.Instance | undefined;

/**
 * Loads `request` with autocannon from this process: a warm-up (discarded), then the measured
 * run, during which the CPU time of `watch` (name → pid) is recorded. Rejects only when
 * autocannon cannot run at all; failed requests are counted, not thrown.
 */
export async function measure(
  request: LoadRequest,
  plan: LoadPlan,
  watch: ReadonlyMap<string, number>,
): Promise<Measurement> {
  if (plan.warmupSeconds > 0) await runOnce(request, plan, plan.warmupSeconds);
  const before = snapshotCpu(watch);
  const startUs = monotonicUs();
  const result = await runOnce(request, plan, plan.durationSeconds);
  const endUs = monotonicUs();
  const cpu = cpuUsageBetween(before, snapshotCpu(watch));
  const statusCodes: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats))
    statusCodes[status] = Number(count);
  return {
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
    window: { startUs, endUs },
  };
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
    ...(plan.rate === undefined ? {} : { overallRate: plan.rate }),
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
