import { Gauge, type Registry } from 'prom-client';
import type { SqlPoolStatus } from '../store/sql-client.js';

/** A PostgreSQL client whose connections are reported, and the store it serves. */
export interface WatchedSqlPool {
  /** `gateway` (users, consumers, tokens, idempotency keys) or `adapter` (the sql adapter's data). */
  readonly store: 'gateway' | 'adapter';
  readonly status: () => SqlPoolStatus;
}

/** The pools among `candidates` that exist: a client on PGlite has none to report. */
export function sqlPools(
  candidates: readonly [WatchedSqlPool['store'], (() => SqlPoolStatus) | undefined][],
): WatchedSqlPool[] {
  return candidates.flatMap(([store, status]) => (status ? [{ store, status }] : []));
}

/**
 * Gauges of PostgreSQL connections, read from each pool at every scrape and labelled by store:
 * pooled connections busy and idle, the pool's maximum, callers waiting for a connection (a
 * pool too small for the load, or statements too slow), and the pipelined read connections and
 * the statements in flight on them. In a gateway cluster the workers' values are summed: what
 * PostgreSQL sees. Registers nothing when there is no pool to report.
 */
export function registerSqlPoolMetrics(registry: Registry, pools: readonly WatchedSqlPool[]): void {
  if (pools.length === 0) return;
  const gauge = (
    name: string,
    help: string,
    labelNames: readonly string[],
    values: (status: SqlPoolStatus) => [Record<string, string>, number][],
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: ['store', ...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const pool of pools) {
          for (const [labels, value] of values(pool.status()))
            this.set({ ...labels, store: pool.store }, value);
        }
      },
    });
  };
  gauge(
    'southgate_sql_pool_connections',
    'Pooled PostgreSQL connections open, by state.',
    ['state'],
    (s) => [
      [{ state: 'busy' }, s.open - s.idle],
      [{ state: 'idle' }, s.idle],
    ],
  );
  gauge(
    'southgate_sql_pool_max_connections',
    'The most pooled PostgreSQL connections.',
    [],
    (s) => [[{}, s.max]],
  );
  gauge(
    'southgate_sql_pool_waiting',
    'Callers waiting for a pooled PostgreSQL connection, every one being in use.',
    [],
    (s) => [[{}, s.waiting]],
  );
  gauge(
    'southgate_sql_read_lanes_open',
    'Pipelined PostgreSQL connections for plain reads, open.',
    [],
    (s) => [[{}, s.readLanes]],
  );
  gauge(
    'southgate_sql_read_lanes_in_flight',
    'Statements sent on the pipelined read connections and not yet answered.',
    [],
    (s) => [[{}, s.readsInFlight]],
  );
}
