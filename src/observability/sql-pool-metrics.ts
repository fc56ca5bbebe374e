import { Gauge, type Registry } from 'prom-client';
import type { SqlPoolStatus } from '../store/sql-client.js';

/**
 * The PostgreSQL pools to report, by the store each serves: `gateway` (users, consumers, tokens,
 * idempotency keys) and `adapter` (the sql adapter's data). A client on PGlite has no pool: leave
 * it out or undefined.
 */
export type SqlPools = Partial<Record<'gateway' | 'adapter', () => SqlPoolStatus>>;

/** The single-valued gauges: name, help, and the value read from a pool's status. */
const singleGauges: readonly [string, string, (s: SqlPoolStatus) => number][] = [
  ['southgate_sql_pool_max_connections', 'The most pooled PostgreSQL connections.', (s) => s.max],
  [
    'southgate_sql_pool_waiting',
    'Callers waiting for a pooled PostgreSQL connection, every one being in use.',
    (s) => s.waiting,
  ],
  [
    'southgate_sql_read_lanes_open',
    'Pipelined PostgreSQL connections for plain reads, open.',
    (s) => s.readLanes,
  ],
  [
    'southgate_sql_read_lanes_in_flight',
    'Statements sent on the pipelined read connections and not yet answered.',
    (s) => s.readsInFlight,
  ],
];

/**
 * Gauges of PostgreSQL connections, read from each pool at every scrape and labelled by store:
 * pooled connections busy and idle, the pool's maximum, callers waiting for a connection (a
 * pool too small for the load, or statements too slow), and the pipelined read connections and
 * the statements in flight on them. In a gateway cluster the workers' values are summed: what
 * PostgreSQL sees. Registers nothing when there is no pool to report.
 */
export function registerSqlPoolMetrics(registry: Registry, pools: SqlPools): void {
  const watched = Object.entries(pools).filter(
    (entry): entry is [string, () => SqlPoolStatus] => entry[1] !== undefined,
  );
  if (watched.length === 0) return;
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
        for (const [store, status] of watched) {
          for (const [labels, value] of values(status())) this.set({ ...labels, store }, value);
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
  for (const [name, help, read] of singleGauges) gauge(name, help, [], (s) => [[{}, read(s)]]);
}
