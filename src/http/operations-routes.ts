import type { Request, Response } from 'express';
import type { FixedRoutes } from './fixed-routes.js';
import type { GatewayServices, ProbeResult } from './gateway-services.js';

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Operator endpoints, anonymous and outside the OBP API:
 * - `GET /health`: the process is alive (no dependencies checked);
 * - `GET /ready`: every readiness probe passes (store reachable, transport connected and, over
 *   Kafka, reply partitions owned); the body also shows each breaker's state. 503 otherwise;
 * - `GET /metrics`: Prometheus text format.
 */
export function operationsRoutes(services: GatewayServices): FixedRoutes {
  return {
    'GET /health': (req: Request, res: Response) => {
      req.operationId = 'health';
      res.json({ status: 'alive' });
    },
    'GET /ready': async (req: Request, res: Response) => {
      req.operationId = 'ready';
      const results = await Promise.all(
        services.readiness.map(
          async (probe) => [probe.name, await withTimeout(probe.check())] as const,
        ),
      );
      const ready = results.every(([, result]) => result.ok);
      res.status(ready ? 200 : 503).json({ ready, checks: Object.fromEntries(results) });
    },
    'GET /metrics': async (req: Request, res: Response) => {
      req.operationId = 'metrics';
      const metrics = services.metrics;
      if (!metrics) {
        res.status(404).end();
        return;
      }
      res.type(metrics.registry.contentType).send(await metrics.scrape());
    },
  };
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
