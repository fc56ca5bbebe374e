import type { Measurement } from './load.js';
import type { ScenarioId } from './scenarios.js';

/** The Kafka targets: at the configured connections, for (c) and (d). */
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

/** Checks the targets against the measured scenarios. */
export function checkTargets(
  measured: ReadonlyMap<ScenarioId, Measurement>,
  connections: number,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const id of ['c', 'd'] as const) {
    const m = measured.get(id);
    checks.push({
      target: `(${id}) over Kafka at ${connections} connections: p50 ≤ ${kafkaTargets.p50Ms} ms, p99 ≤ ${kafkaTargets.p99Ms} ms, ≥ ${kafkaTargets.minReqPerSec} req/s`,
      actual: m
        ? `p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ${Math.round(m.reqPerSec)} req/s`
        : 'not measured',
      met: m
        ? m.p50Ms <= kafkaTargets.p50Ms &&
          m.p99Ms <= kafkaTargets.p99Ms &&
          m.reqPerSec >= kafkaTargets.minReqPerSec
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
