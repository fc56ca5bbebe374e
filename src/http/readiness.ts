import type { ProbeResult, ReadinessProbe } from './gateway-services.js';

/** How long one probe may take before it counts as failed. */
export const PROBE_TIMEOUT_MS = 2_000;

/** One process's readiness: every probe's result, and whether all passed. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, ProbeResult>>;
  /** Why the report is missing or incomplete (a worker that did not answer, say). */
  readonly error?: string;
  /**
   * False for a cluster slot whose worker is starting or restarting: it is handed no
   * connections, so it does not make the cluster unready.
   */
  readonly serving?: false;
}

/** What `GET /ready` answers: this process's report and, in a cluster, every worker's. */
export interface ReadinessAnswer extends ReadinessReport {
  /** The worker that answered (cluster only). */
  readonly worker?: number;
  /**
   * Every worker's report by slot (cluster only); `ready` is true when every worker that is
   * handed connections is ready, and at least one is.
   */
  readonly workers?: Readonly<Record<string, ReadinessReport>>;
}

/**
 * The gateway's readiness: its probes (store, transport, breakers), run with a timeout each.
 * A cluster worker is told how to gather the other workers' reports too (`gatherFrom`), so that
 * `GET /ready`, answered by whichever worker the connection landed on, describes the whole
 * cluster: a load balancer sees it ready only when every worker it can reach is (a hung worker
 * still gets connections; one being restarted does not).
 */
export class Readiness {
  private cluster?: { readonly slot: number; gather(): Promise<Record<string, ReadinessReport>> };

  constructor(readonly probes: readonly ReadinessProbe[]) {}

  /** This process's probes. */
  async own(): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.probes.map(async (probe) => [probe.name, await withTimeout(probe.check())] as const),
    );
    return { ready: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
  }

  /** Makes `answer()` report every worker, gathered by `gather` (see gateway-cluster.ts). */
  gatherFrom(slot: number, gather: () => Promise<Record<string, ReadinessReport>>): void {
    this.cluster = { slot, gather };
  }

  /** The answer of `GET /ready`. */
  async answer(): Promise<ReadinessAnswer> {
    const cluster = this.cluster;
    if (!cluster) return this.own();
    let workers: Record<string, ReadinessReport>;
    try {
      workers = await cluster.gather();
    } catch (err) {
      const own = await this.own();
      return { ...own, ready: false, worker: cluster.slot, error: String(err) };
    }
    const own = workers[String(cluster.slot)] ?? (await this.own());
    const serving = Object.values(workers).filter((report) => report.serving !== false);
    return {
      ...own,
      ready: serving.length > 0 && serving.every((report) => report.ready),
      worker: cluster.slot,
      workers,
    };
  }
}

async function withTimeout(check: Promise<ProbeResult>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${PROBE_TIMEOUT_MS} ms` }),
      PROBE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check.catch((err: unknown) => ({ ok: false, error: String(err) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
