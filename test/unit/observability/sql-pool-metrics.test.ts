import { expect } from 'chai';
import { Registry } from 'prom-client';
import { registerSqlPoolMetrics } from '../../../src/observability/sql-pool-metrics.js';
import type { SqlPoolStatus } from '../../../src/store/sql-client.js';

describe('PostgreSQL pool metrics', () => {
  const status = (over: Partial<SqlPoolStatus> = {}): SqlPoolStatus => ({
    max: 8,
    open: 5,
    idle: 2,
    waiting: 0,
    readLanes: 2,
    readsInFlight: 0,
    ...over,
  });

  it('reports each pool by store, read afresh at every scrape', async () => {
    const registry = new Registry();
    let adapter = status({ max: 4, open: 4, idle: 0, waiting: 3, readLanes: 1, readsInFlight: 7 });
    registerSqlPoolMetrics(registry, { gateway: () => status(), adapter: () => adapter });
    const text = await registry.metrics();
    for (const line of [
      'southgate_sql_pool_connections{state="busy",store="gateway"} 3',
      'southgate_sql_pool_connections{state="idle",store="gateway"} 2',
      'southgate_sql_pool_connections{state="busy",store="adapter"} 4',
      'southgate_sql_pool_connections{state="idle",store="adapter"} 0',
      'southgate_sql_pool_max_connections{store="gateway"} 8',
      'southgate_sql_pool_max_connections{store="adapter"} 4',
      'southgate_sql_pool_waiting{store="gateway"} 0',
      'southgate_sql_pool_waiting{store="adapter"} 3',
      'southgate_sql_read_lanes_open{store="adapter"} 1',
      'southgate_sql_read_lanes_in_flight{store="adapter"} 7',
    ]) {
      expect(text.split('\n')).to.include(line);
    }
    adapter = status({ waiting: 0 });
    expect((await registry.metrics()).split('\n')).to.include(
      'southgate_sql_pool_waiting{store="adapter"} 0',
    );
  });

  it('registers nothing when no client has a pool (PGlite)', async () => {
    const registry = new Registry();
    registerSqlPoolMetrics(registry, { gateway: undefined });
    expect(await registry.metrics()).to.not.include('southgate_sql');
  });
});
