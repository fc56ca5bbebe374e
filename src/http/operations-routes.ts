import type { Request, Response } from 'express';
import type { FixedRoutes } from './fixed-routes.js';
import type { GatewayServices } from './gateway-services.js';

/**
 * Operator endpoints, anonymous and outside the OBP API:
 * - `GET /health`: the process is alive (no dependencies checked);
 * - `GET /ready`: every readiness probe passes (store reachable, transport connected and, over
 *   Kafka, reply partitions owned); the body also shows each breaker's state. 503 otherwise. In
 *   a cluster every worker's probes must pass, and the body lists each worker's;
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
      const answer = await services.readiness.answer();
      res.status(answer.ready ? 200 : 503).json(answer);
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
