import type { Measurement } from './load.js';
import type { ScenarioId } from './scenarios.js';

/**
 * The Kafka targets for (c) and (d), at the configured connections: at least `minReqPerSec` as
 * fast as answers come (closed loop), and p50/p99 within these bounds with `minReqPerSec`
 * offered evenly. (A closed loop of 32 connections cannot have a p50 of 5 ms below 6,400 req/s:
 * its throughput is connections / latency.)
 */
export const kafkaTargets = { p50Ms: 5, p99Ms: 30, minReqPerSec: 2_000 } as const;
/** In process (b) must reach this share of bare Express (a), in req/s. */
export const inProcessMinShareOfBare = 0.6;
/**
 * The sql backend on PostgreSQL in process, at the configured connections: GET customer (e, and
 * i with two gateway workers) and createCustomer (f, and j).
 */
export const sqlTargets = { e: 2_000, f: 1_000, i: 2_000, j: 1_000, p99Ms: 50 } as const;

/** One target and whether this run met it (undefined: a scenario it needs did not run). */
export interface TargetCheck {
  readonly target: string;
  readonly actual: string;
  readonly met: boolean | undefined;
}

/**
 * Checks the targets against the measured scenarios: `measured` as fast as answers come (or at
 * BENCH_RATE), `steady` the Kafka scenarios again at the targets' rate, offered evenly.
 */
export function checkTargets(
  measured: ReadonlyMap<ScenarioId, Measurement>,
  steady: ReadonlyMap<ScenarioId, Measurement>,
  connections: number,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { p50Ms, p99Ms, minReqPerSec } = kafkaTargets;
  for (const id of ['c', 'd'] as const) {
    const m = measured.get(id);
    // Latency at the targets' rate, offered evenly: the steady run, or the run itself when
    // BENCH_RATE paced it at least that hard.
    const even =
      steady.get(id) ?? (m?.pacedRate !== undefined && m.pacedRate >= minReqPerSec ? m : undefined);
    const fast = m?.pacedRate === undefined ? m : undefined;
    checks.push({
      target:
        `(${id}) over Kafka at ${connections} connections: ≥ ${minReqPerSec} req/s, and with ` +
        `${minReqPerSec} req/s offered evenly p50 ≤ ${p50Ms} ms, p99 ≤ ${p99Ms} ms`,
      actual:
        `${fast ? `${Math.round(fast.reqPerSec)} req/s` : 'req/s not measured'}; ` +
        `${even ? `evenly: p50 ${even.p50Ms} ms, p99 ${even.p99Ms} ms` : 'evenly: not measured'}` +
        `${fast ? ` (closed loop: p50 ${fast.p50Ms} ms, p99 ${fast.p99Ms} ms)` : ''}`,
      met:
        fast && even
          ? fast.reqPerSec >= minReqPerSec && even.p50Ms <= p50Ms && even.p99Ms <= p99Ms
          : undefined,
    });
  }
  for (const id of ['e', 'f', 'i', 'j'] as const) {
    const m = measured.get(id);
    checks.push({
      target: `(${id}) sql on PostgreSQL in process at ${connections} connections: ≥ ${sqlTargets[id]} req/s, p99 ≤ ${sqlTargets.p99Ms} ms`,
      actual: m ? `${Math.round(m.reqPerSec)} req/s, p99 ${m.p99Ms} ms` : 'not measured',
      met: m ? m.reqPerSec >= sqlTargets[id] && m.p99Ms <= sqlTargets.p99Ms : undefined,
    });
  }
  const share = ratio(measured, 'b', 'a');
  checks.push({
    target: `(b) in process ≥ ${inProcessMinShareOfBare * 100} % of bare Express (b/a, req/s)`,
    actual: share === undefined ? 'not measured' : `${(share * 100).toFixed(1)} %`,
    met: share === undefined ? undefined : share >= inProcessMinShareOfBare,
  });
  return checks;
}

/** req/s of `over` divided by req/s of `under`, when both ran. */
export function ratio(
  measured: ReadonlyMap<ScenarioId, Measurement>,
  over: ScenarioId,
  under: ScenarioId,
): number | undefined {
  const a = measured.get(over);
  const b = measured.get(under);
  return a && b && b.reqPerSec > 0 ? a.reqPerSec / b.reqPerSec : undefined;
}
