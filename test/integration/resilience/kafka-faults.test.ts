import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Response } from 'supertest';
import { loadConfig } from '../../../src/config.js';
import { createConnector } from '../../../src/connector/connector-factory.js';
import type { KafkaAdapterHost } from '../../../src/transport/kafka-adapter-host.js';
import type { KafkaTransport } from '../../../src/transport/kafka-transport.js';
import { controllableAdapter, type AdapterControl } from '../../helpers/controllable-adapter.js';
import { bodyOf, type ObpErrorBody } from '../../helpers/http-body.js';
import {
  testCatalog as catalog,
  testCodec as codec,
  testLogger as logger,
} from '../../helpers/in-process-connector.js';
import {
  startAdapterHost,
  spawnAdapter,
  startKafkaTransport,
  stopProcess,
  uniquePrefix,
} from '../../helpers/kafka-connector.js';
import { KAFKA_START_TIMEOUT_MS, startKafka } from '../../helpers/kafka.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { Metrics } from '../../../src/observability/metrics.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const code = (res: Response) => bodyOf<ObpErrorBody>(res).message.slice(0, 9);

/** Breakers that trip quickly, so the tests take seconds. */
const resilienceConfig = loadConfig({
  CONNECTOR_READ_TIMEOUT_MS: '300',
  CONNECTOR_WRITE_TIMEOUT_MS: '600',
  BREAKER_VOLUME_THRESHOLD: '4',
  BREAKER_ERROR_PERCENTAGE: '50',
  BREAKER_RESET_TIMEOUT_MS: '1500',
  CONNECTOR_RETRY_BACKOFF_MS: '20',
});

interface Rig {
  gateway: TestGateway;
  user: TestUser;
  transport: KafkaTransport;
  metrics: Metrics;
  close(): Promise<void>;
}

/** A gateway over Kafka whose connector has real breakers, talking to `adapterStarted`. */
async function rig(brokers: string[], prefix: string): Promise<Rig> {
  const transport = await startKafkaTransport(brokers, prefix);
  const metrics = new Metrics();
  const connector = createConnector(transport, `kafka:${prefix}`, resilienceConfig, {
    catalog,
    codec,
    logger,
    metrics,
  });
  const gateway = await startTestGateway({ connector });
  const user = await gateway.user([['CanGetCustomer', demoBank]]);
  return {
    gateway,
    user,
    transport,
    metrics,
    async close() {
      await gateway.close();
      connector.breakers?.shutdown();
      await transport.stop();
    },
  };
}

async function hostAdapter(
  brokers: string[],
  prefix: string,
): Promise<{ control: AdapterControl; host: KafkaAdapterHost }> {
  const { adapter, control } = controllableAdapter();
  const host = await startAdapterHost(brokers, prefix, adapter, {
    // Live for three heartbeats. At 500 ms (1.5 s) two tests of one CI run met a registry
    // without the adapter (501) at their first request; at 2 s a late heartbeat has 6 s.
    heartbeatMs: 2_000,
    drainMs: 1_000,
  });
  return { control, host };
}

describe('resilience on the real broker', function () {
  this.timeout(180_000);
  let brokers: string[];

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
  });

  it('a slow adapter: 504s, then the breaker opens (503 at once, Retry-After), then closes after recovery', async () => {
    const prefix = uniquePrefix();
    const { control, host } = await hostAdapter(brokers, prefix);
    const r = await rig(brokers, prefix);
    try {
      const get = () => r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`);
      await get().expect(200);
      control.delayMs = 1_000;
      // The window counts every call (the 200 above too): it opens once ≥4 calls, ≥50 % failed.
      const timeouts: Response[] = [];
      for (let res = await get(); res.status === 504 && timeouts.length < 10; res = await get()) {
        expect(code(res)).to.equal('OBP-60014');
        expect(res.headers['correlation-id']).to.be.a('string');
        timeouts.push(res);
      }
      expect(timeouts.length).to.be.within(3, 4);
      const started = Date.now();
      const refused = await get().expect(503);
      expect(Date.now() - started).to.be.below(150);
      expect(code(refused)).to.equal('OBP-50003');
      expect(Number(refused.headers['retry-after'])).to.be.at.least(1);
      const ready = await r.gateway.http().get('/ready').expect(200);
      expect(JSON.stringify(ready.body)).to.contain('"state":"open"');
      expect(
        await r.metrics.registry.getSingleMetricAsString('southgate_circuit_breaker_state'),
      ).to.match(/method="getBank"[^}]*\} 2/);

      control.delayMs = 0;
      await sleep(1_700);
      await get().expect(200);
      await get().expect(200);
      expect(
        await r.metrics.registry.getSingleMetricAsString('southgate_circuit_breaker_state'),
      ).to.match(/method="getBank"[^}]*\} 0/);
      expect(
        await r.metrics.registry.getSingleMetricAsString(
          'southgate_circuit_breaker_transitions_total',
        ),
      ).to.match(/state="closed"[^}]*\} 1/);
    } finally {
      await r.close();
      await host.stop();
    }
  });

  it('business errors never open the breaker', async () => {
    const prefix = uniquePrefix();
    const { host } = await hostAdapter(brokers, prefix);
    const r = await rig(brokers, prefix);
    try {
      for (let i = 0; i < 20; i++) {
        const res = await r.gateway
          .http()
          .get(`/obp/v5.1.0/banks/${demoBank}/customers/no-such-customer`)
          .set(r.user.auth)
          .expect(404);
        expect(code(res)).to.equal('OBP-30046');
      }
      expect(
        r.gateway.services.connector.breakers?.states().every((s) => s.state === 'closed'),
      ).to.equal(true);
    } finally {
      await r.close();
      await host.stop();
    }
  });

  it('a backend that fails: retried, counted as a failure, and the breaker opens', async () => {
    const prefix = uniquePrefix();
    const { control, host } = await hostAdapter(brokers, prefix);
    const r = await rig(brokers, prefix);
    try {
      control.failing = true;
      const before = control.executions;
      const res = await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(502);
      expect(code(res)).to.equal('OBP-50013');
      expect(control.executions - before, 'one try and two retries').to.equal(3);
      for (let i = 0; i < 3; i++) await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`);
      expect(
        code(await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(503)),
      ).to.equal('OBP-50003');
    } finally {
      await r.close();
      await host.stop();
    }
  });

  it('an adapter that is down: stopped → 501 OBP-60015 at once; killed → 504 until the breaker opens', async () => {
    const prefix = uniquePrefix();
    const child = await spawnAdapter('memory', brokers, prefix, { ADAPTER_HEARTBEAT_MS: '1000' });
    const r = await rig(brokers, prefix);
    try {
      await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(200);
      child.kill('SIGKILL');
      await sleep(200);
      // Its capability record is still current: requests go out and time out, then the breaker opens.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`)).status);
      // The breaker's window counts the 200 above: it opens once ≥4 calls, ≥50 % failed.
      const opened = statuses.indexOf(503);
      expect(opened, JSON.stringify(statuses)).to.be.within(3, 4);
      expect(statuses.slice(0, opened).every((s) => s === 504)).to.equal(true);
      expect(statuses.slice(opened).every((s) => s === 503)).to.equal(true);

      const gracefulPrefix = uniquePrefix();
      const graceful = await spawnAdapter('memory', brokers, gracefulPrefix);
      const r2 = await rig(brokers, gracefulPrefix);
      try {
        await r2.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(200);
        expect(await stopProcess(graceful)).to.equal(0);
        await sleep(500);
        const sent = r2.transport.stats.sent;
        const res = await r2.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(501);
        expect(code(res)).to.equal('OBP-60015');
        // At once: refused from the capability topic, never sent to wait for its deadline.
        expect(r2.transport.stats.sent).to.equal(sent);
      } finally {
        await r2.close();
      }
    } finally {
      await r.close();
    }
  });

  describe('with a broker of its own', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'southgate-kafka-restart-'));
    const port = String(19_200 + Math.floor(Math.random() * 600) * 2);
    const env = { ...process.env, KAFKA_PORT: port, KAFKA_RUN_DIR: runDir };
    const script = (name: string) =>
      fileURLToPath(new URL(`../../../scripts/kafka/${name}.sh`, import.meta.url));
    const run = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('bash', [script(name)], { env, stdio: 'ignore' });
        child.once('exit', (exit) =>
          exit === 0 ? resolve() : reject(new Error(`${name}.sh exited with ${exit}`)),
        );
      });

    before(async function () {
      this.timeout(KAFKA_START_TIMEOUT_MS);
      await run('start');
    });
    // In an after hook, not a finally: mocha runs hooks even when a test times out.
    after(async function () {
      this.timeout(60_000);
      await run('stop').catch(() => undefined);
      rmSync(runDir, { recursive: true, force: true });
    });

    it('the broker stopped and restarted: requests fail within their deadline, then the gateway recovers by itself', async () => {
      const own = [`127.0.0.1:${port}`];
      const prefix = uniquePrefix();
      const { host } = await hostAdapter(own, prefix);
      const r = await rig(own, prefix);
      try {
        await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(200);
        await run('stop');
        for (let i = 0; i < 6; i++) {
          const started = Date.now();
          const res = await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`);
          expect(res.status).to.be.oneOf([503, 504]);
          expect(Date.now() - started, 'no request waits past its deadline').to.be.below(300 + 700);
        }
        // A metrics scrape does not fail with the broker: the last count read is reported.
        expect(await r.transport.deadLetterCount()).to.equal(0);
        await run('start');
        const deadline = Date.now() + 90_000;
        let status = 0;
        let last = '';
        while (Date.now() < deadline) {
          const res = await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`);
          status = res.status;
          if (status === 200) break;
          last = `${status} ${JSON.stringify(res.body)}`;
          await sleep(500);
        }
        expect(
          status,
          `recovered without a restart; last answer ${last}, transport ${JSON.stringify(
            r.transport.status(),
          )}, adapter ${JSON.stringify(host.status())}`,
        ).to.equal(200);
        await r.gateway.http().get('/ready').expect(200);
      } finally {
        await r.close();
        await host.stop();
      }
    });
  });

  it('an adapter killed under load: no request hangs, nothing stays pending, memory returns to its baseline', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const prefix = uniquePrefix();
    const child = await spawnAdapter('memory', brokers, prefix);
    const r = await rig(brokers, prefix);
    try {
      await r.gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(200);
      gc();
      const baseline = process.memoryUsage().heapUsed;
      const until = Date.now() + 8_000;
      const durations: number[] = [];
      const worker = async () => {
        while (Date.now() < until) {
          const started = Date.now();
          await r.gateway
            .http()
            .get(`/obp/v5.1.0/banks/${demoBank}/customers/c-${started}`)
            .set(r.user.auth);
          durations.push(Date.now() - started);
        }
      };
      const load = Promise.all(Array.from({ length: 16 }, worker));
      await sleep(2_000);
      child.kill('SIGKILL');
      await load;
      expect(Math.max(...durations), 'slowest request').to.be.below(300 * 2 + 700);
      expect(r.transport.status().pending).to.equal(0);
      expect(
        await r.metrics.registry.getSingleMetricAsString('southgate_connector_in_flight'),
      ).not.to.match(/\} [1-9]/);
      await sleep(500);
      gc();
      const grown = process.memoryUsage().heapUsed - baseline;
      expect(grown, `heap grew by ${Math.round(grown / 1e6)} MB`).to.be.below(25e6);
    } finally {
      await r.close();
      await stopProcess(child);
    }
  });
});
