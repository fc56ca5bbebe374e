import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { AdapterHostView } from '../../../src/observability/adapter-metrics.js';
import { AdapterMetrics, serveAdapterHttp } from '../../../src/observability/adapter-metrics.js';
import type { KafkaTransport } from '../../../src/transport/kafka-transport.js';
import { testCallContext, testLogger as logger } from '../../helpers/in-process-connector.js';
import {
  deletePrefixTopics,
  kafkaConnector,
  spawnAdapter,
  startKafkaTransport,
  stopProcess,
  uniquePrefix,
} from '../../helpers/kafka-connector.js';
import { KAFKA_START_TIMEOUT_MS, startKafka } from '../../helpers/kafka.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';
import { openSqlClient } from '../../../src/store/sql-client.js';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The value of the one sample of `name` whose labels include every one of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const lines = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)));
  if (lines.length !== 1)
    throw new Error(`${lines.length} samples of ${name} ${JSON.stringify(labels)}`);
  return Number(lines[0]?.split(' ').pop());
}

describe('adapter process: /health and /metrics (real broker)', function () {
  this.timeout(120_000);
  let brokers: string[];
  let prefix: string;
  let port: number;
  let child: ChildProcess | undefined;
  let transport: KafkaTransport | undefined;

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
    prefix = uniquePrefix();
    port = await freePort();
    child = await spawnAdapter('memory', brokers, prefix, { ADAPTER_HTTP_PORT: String(port) });
    transport = await startKafkaTransport(brokers, prefix);
  });
  after(async () => {
    await transport?.stop();
    if (child) await stopProcess(child);
    await deletePrefixTopics(brokers, prefix);
  });

  const get = (path: string, method = 'GET') =>
    fetch(`http://127.0.0.1:${port}${path}`, { method });

  it('reports healthy while consuming', async () => {
    const res = await get('/health');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.include({ status: 'ok', consuming: true, stopping: false });
  });

  it('counts messages and times handlers per method and outcome', async () => {
    const connector = kafkaConnector(transport as KafkaTransport);
    for (let i = 0; i < 3; i++) {
      await connector.call('getBank', { bankId: 'gh.29.uk' }, testCallContext());
    }
    const missing = await connector
      .call('getBank', { bankId: 'no.such.bank' }, testCallContext())
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(missing).to.be.instanceOf(Error);

    // A reply counts as sent once the broker has acknowledged it, which can be just after the
    // gateway has already read it: wait (bounded) for the fourth acknowledgement.
    const adapter = { adapter: 'memory' };
    let text = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      const res = await get('/metrics');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.include('text/plain');
      text = await res.text();
      if (sample(text, 'southgate_adapter_replies_total', adapter) >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sample(text, 'southgate_adapter_received_total', adapter)).to.equal(4);
    expect(sample(text, 'southgate_adapter_replies_total', adapter)).to.equal(4);
    expect(sample(text, 'southgate_adapter_executed_total', adapter)).to.equal(4);
    expect(sample(text, 'southgate_adapter_dead_letters_total', adapter)).to.equal(0);
    expect(sample(text, 'southgate_adapter_consumer_crashes_total', adapter)).to.equal(0);
    expect(sample(text, 'southgate_adapter_consuming', adapter)).to.equal(1);
    expect(
      sample(text, 'southgate_adapter_handler_duration_seconds_count', {
        ...adapter,
        method: 'getBank',
        outcome: 'ok',
      }),
    ).to.equal(3);
    const failed = text
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('southgate_adapter_handler_duration_seconds_count{') &&
          line.includes('method="getBank"') &&
          !line.includes('outcome="ok"'),
      );
    expect(failed).to.have.length(1);
    expect(failed[0])
      .to.match(/outcome="OBP-\d{5}"/)
      .and.match(/ 1$/);
    expect(text).to.include('southgate_adapter_process_cpu_seconds_total');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await get('/nothing')).status).to.equal(404);
    expect((await get('/metrics', 'POST')).status).to.equal(405);
  });

  it('exits 0 on SIGTERM, its endpoints closed, even with a connection kept alive', async () => {
    const agent = await get('/health'); // fetch keeps the connection open for reuse
    expect(agent.status).to.equal(200);
    expect(await stopProcess(child as ChildProcess)).to.equal(0);
    child = undefined;
    const refused = await get('/health').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).to.be.instanceOf(Error);
  });
});

describe('sql adapter process on PostgreSQL: /metrics (real broker)', function () {
  this.timeout(120_000);
  const schema = `test_adapter_pool_${randomBytes(5).toString('hex')}`;
  let brokers: string[];
  let prefix: string;
  let child: ChildProcess | undefined;
  after(async () => {
    if (child) await stopProcess(child);
    if (brokers) await deletePrefixTopics(brokers, prefix);
    const admin = await openSqlClient({ databaseUrl: testDatabaseUrl(), poolSize: 1 });
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.close();
    }
  });

  it('reports its PostgreSQL pool', async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
    prefix = uniquePrefix();
    const port = await freePort();
    child = await spawnAdapter('sql', brokers, prefix, {
      ADAPTER_HTTP_PORT: String(port),
      SQL_ADAPTER_DATABASE_URL: testDatabaseUrl(),
      SQL_ADAPTER_SCHEMA: schema,
      SQL_ADAPTER_POOL_SIZE: '5',
    });
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const labels = { adapter: 'sql', store: 'adapter' };
    // Of 5 connections, 1 pipelines plain reads and 4 are pooled; starting used at least one.
    expect(sample(text, 'southgate_sql_pool_max_connections', labels)).to.equal(4);
    expect(
      sample(text, 'southgate_sql_pool_connections', { ...labels, state: 'idle' }),
    ).to.be.within(1, 4);
    expect(sample(text, 'southgate_sql_pool_waiting', labels)).to.equal(0);
  });
});

describe('adapter /health', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('answers 503 with the reason while the adapter is not consuming', async () => {
    const host: AdapterHostView = {
      stats: { received: 0, replied: 0, deadLettered: 0, undeliverable: 0, consumerCrashes: 0 },
      status: () => ({ ok: false, consuming: false, stopping: true, inFlight: 2 }),
    };
    server = await serveAdapterHttp(0, new AdapterMetrics('sql'), host, logger);
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).to.equal(503);
    expect(await res.json()).to.deep.equal({
      status: 'unavailable',
      ok: false,
      consuming: false,
      stopping: true,
      inFlight: 2,
    });
  });
});
