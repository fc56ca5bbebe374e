import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSettings } from './bench-settings.js';
import type { BenchChild, ChildProcesses } from './child-processes.js';
import type { LoadRequest } from './load.js';
import {
  benchBankId,
  createCustomerBody,
  prepareGateway,
  type BenchCredentials,
} from './southgate-api.js';
import { createSchema } from './sql-cleanup.js';

/** The scenarios, in the order they run. */
export const scenarioIds = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;
/**
 * (a) bare Express; memory backend: (b) in process, (c) GET and (d) create over Kafka; sql
 * backend on PostgreSQL: (e) GET and (f) create in process, (g) GET and (h) create over Kafka,
 * (i) GET and (j) create in process with two gateway workers (GATEWAY_WORKERS=2).
 */
export type ScenarioId = (typeof scenarioIds)[number];

/** What each scenario measures. */
export const scenarioTitles: Readonly<Record<ScenarioId, string>> = {
  a: 'bare Express GET (baseline)',
  b: 'GET customer, in process',
  c: 'GET customer, over Kafka',
  d: 'createCustomer, over Kafka',
  e: 'GET customer, sql on PostgreSQL, in process',
  f: 'createCustomer, sql on PostgreSQL, in process',
  g: 'GET customer, sql on PostgreSQL, over Kafka',
  h: 'createCustomer, sql on PostgreSQL, over Kafka',
  i: 'GET customer, sql on PostgreSQL, in process, 2 workers',
  j: 'createCustomer, sql on PostgreSQL, in process, 2 workers',
};

/** One scenario ready to load. */
export interface ReadyScenario {
  readonly id: ScenarioId;
  readonly request: LoadRequest;
}

/** Running processes that one or more scenarios load, and how to stop them. */
export interface RunningStage {
  readonly scenarios: readonly ReadyScenario[];
  /** Processes whose CPU time is recorded during a measured run (role → pid). */
  readonly watch: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/** What a stage needs to start its processes. */
export interface StageContext {
  readonly settings: BenchSettings;
  readonly children: ChildProcesses;
  /** A fresh temporary directory for the stage's data. */
  readonly dataDir: string;
  /** Where `--cpu-prof` writes, per child; undefined when not profiling. */
  readonly profileDir: string | undefined;
  /** Unique per benchmark run: names the Kafka topics and the gateway instance. */
  readonly runId: string;
  /** Processes watched in every stage (the benchmark itself, the local Kafka broker). */
  readonly baseWatch: ReadonlyMap<string, number>;
}

/** A group of scenarios sharing processes: started once, loaded scenario by scenario, stopped. */
export interface Stage {
  readonly scenarioIds: readonly ScenarioId[];
  start(ctx: StageContext): Promise<RunningStage>;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const southgateBin = join(repoRoot, 'bin', 'southgate.js');
const bareServer = fileURLToPath(new URL('bare-express-server.ts', import.meta.url));

/** The admin and consumer every benchmark gateway is bootstrapped with. */
const credentials: BenchCredentials = {
  username: 'bench-admin',
  password: 'Bench!Passw0rd-Southgate',
  consumerKey: randomBytes(16).toString('hex'),
};

/** (a): a minimal Express app answering a customer-sized JSON body. */
const bareExpressStage: Stage = {
  scenarioIds: ['a'],
  async start(ctx) {
    const server = await ctx.children.start({
      name: 'bare-express',
      args: ['--import', 'tsx', bareServer],
      env: { PORT: '0' },
      cwd: repoRoot,
      ready: (line) => line.includes('"bare express listening"'),
    });
    const url = `http://127.0.0.1:${portOf(server)}/customers/7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh`;
    return {
      scenarios: [{ id: 'a', request: { url, method: 'GET', headers: {} } }],
      watch: new Map([...ctx.baseWatch, ['server', server.pid]]),
      stop: () => server.stop(),
    };
  },
};

/**
 * A gateway serving `get` (GET customer) and optionally `create` (createCustomer) with its
 * adapter in process.
 */
function inProcessStage(
  name: string,
  ids: { get: ScenarioId; create?: ScenarioId },
  env: (ctx: StageContext) => Record<string, string> | Promise<Record<string, string>>,
): Stage {
  return {
    scenarioIds: ids.create === undefined ? [ids.get] : [ids.get, ids.create],
    async start(ctx) {
      const settings = { TRANSPORT: 'inprocess', ...(await env(ctx)) };
      const gateway = await startGateway(ctx, name, settings);
      try {
        const prepared = await prepareGateway(`http://127.0.0.1:${portOf(gateway)}`, credentials);
        return {
          scenarios: scenariosOf(ids, prepared),
          watch: new Map([...ctx.baseWatch, ['server', gateway.pid]]),
          stop: () => gateway.stop(),
        };
      } catch (err) {
        await gateway.stop();
        throw err;
      }
    },
  };
}

/**
 * `southgate adapter <adapter>` and a gateway with TRANSPORT=kafka on one topic prefix, serving
 * GET customer as `ids.get` and createCustomer as `ids.create`.
 */
function kafkaStage(
  adapter: (typeof kafkaAdapters)[number],
  ids: { get: ScenarioId; create: ScenarioId },
  adapterEnv: (ctx: StageContext) => Record<string, string>,
): Stage {
  const suffix = adapterSuffix(adapter);
  return {
    scenarioIds: [ids.get, ids.create],
    async start(ctx) {
      const kafka = {
        KAFKA_BROKERS: ctx.settings.kafkaBrokers,
        KAFKA_TOPIC_PREFIX: kafkaTopicPrefix(ctx.runId, adapter),
      };
      const adapterName = `adapter-${adapter}`;
      const adapterProcess = await ctx.children.start({
        name: adapterName,
        args: [...profileArgs(ctx, adapterName), southgateBin, 'adapter', adapter],
        env: {
          ...kafka,
          ...adapterEnv(ctx),
          LOG_LEVEL: 'info',
          DATA_DIR: join(ctx.dataDir, adapterName),
        },
        cwd: repoRoot,
        ready: (line) => line.includes('"Southgate adapter ready"'),
      });
      let gateway: BenchChild | undefined;
      try {
        gateway = await startGateway(ctx, `gateway-kafka${suffix}`, {
          ...kafka,
          TRANSPORT: 'kafka',
          INSTANCE_ID: `bench${suffix}-${ctx.runId}`,
        });
        const prepared = await prepareGateway(`http://127.0.0.1:${portOf(gateway)}`, credentials);
        const server = gateway;
        return {
          scenarios: scenariosOf(ids, prepared),
          watch: new Map([
            ...ctx.baseWatch,
            ['server', server.pid],
            ['adapter', adapterProcess.pid],
          ]),
          // The gateway first, so no request of its is left without an adapter.
          stop: async () => {
            await server.stop();
            await adapterProcess.stop();
          },
        };
      } catch (err) {
        await gateway?.stop();
        await adapterProcess.stop();
        throw err;
      }
    },
  };
}

function scenariosOf(
  ids: { get: ScenarioId; create?: ScenarioId },
  prepared: Awaited<ReturnType<typeof prepareGateway>>,
): ReadyScenario[] {
  return [
    { id: ids.get, request: getCustomer(prepared) },
    ...(ids.create === undefined ? [] : [{ id: ids.create, request: createCustomer(prepared) }]),
  ];
}

/** The sql backend's database: a fresh schema of the benchmark's PostgreSQL, per run. */
function sqlBackend(ctx: StageContext): Record<string, string> {
  return {
    SQL_ADAPTER_DATABASE_URL: ctx.settings.databaseUrl,
    SQL_ADAPTER_SCHEMA: sqlSchema(ctx.runId),
    SQL_ADAPTER_POOL_SIZE: '16',
  };
}

/** The PostgreSQL schema one benchmark run's sql backend uses (dropped at the end). */
export function sqlSchema(runId: string): string {
  return `bench_${runId.replace(/\W/g, '_')}`;
}

/** Every stage, in the order they run. */
export const stages: readonly Stage[] = [
  bareExpressStage,
  // (b): the memory adapter in process.
  inProcessStage('gateway-inprocess', { get: 'b' }, () => ({})),
  // (c), (d): the memory adapter over Kafka.
  kafkaStage('memory', { get: 'c', create: 'd' }, () => ({})),
  // (e), (f): the sql adapter on PostgreSQL in process.
  inProcessStage('gateway-sql', { get: 'e', create: 'f' }, (ctx) => ({
    ADAPTER: 'sql',
    ...sqlBackend(ctx),
  })),
  // (g), (h): the sql adapter on PostgreSQL over Kafka.
  kafkaStage('sql', { get: 'g', create: 'h' }, sqlBackend),
  // (i), (j): as (e), (f) with two gateway workers; they share the gateway store on PostgreSQL.
  inProcessStage('gateway-sql-2w', { get: 'i', create: 'j' }, async (ctx) => {
    const schema = gatewaySchema(ctx.runId);
    await createSchema(ctx.settings.databaseUrl, schema);
    return {
      ADAPTER: 'sql',
      ...sqlBackend(ctx),
      SQL_ADAPTER_POOL_SIZE: '8',
      GATEWAY_WORKERS: '2',
      DATABASE_URL: withSearchPath(ctx.settings.databaseUrl, schema),
    };
  }),
];

/** The PostgreSQL schema of one run's gateway store in (i), (j) (dropped at the end). */
export function gatewaySchema(runId: string): string {
  return `${sqlSchema(runId)}_gateway`;
}

/** `url` with every connection's search_path set to `schema` alone. */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** The adapters the Kafka scenarios run, each on a topic prefix of its own. */
export const kafkaAdapters = ['memory', 'sql'] as const;

/** The topic prefix of one benchmark run's Kafka stage (its topics are deleted at the end). */
export function kafkaTopicPrefix(runId: string, adapter: (typeof kafkaAdapters)[number]): string {
  return `bench-${runId}${adapterSuffix(adapter)}`;
}

/** How a Kafka stage's names differ by adapter: the memory stage's carry no suffix. */
function adapterSuffix(adapter: (typeof kafkaAdapters)[number]): string {
  return adapter === 'memory' ? '' : `-${adapter}`;
}

function startGateway(
  ctx: StageContext,
  name: string,
  env: Record<string, string>,
): Promise<BenchChild> {
  return ctx.children.start({
    name,
    args: [...profileArgs(ctx, name), southgateBin, 'serve'],
    env: {
      PORT: '0',
      ADAPTER: 'memory',
      // Logs are part of the real cost: one JSON line per request, written to a file.
      LOG_LEVEL: 'info',
      DATA_DIR: join(ctx.dataDir, name),
      BOOTSTRAP_ADMIN_USERNAME: credentials.username,
      BOOTSTRAP_ADMIN_PASSWORD: credentials.password,
      BOOTSTRAP_CONSUMER_KEY: credentials.consumerKey,
      ...env,
    },
    cwd: repoRoot,
    // A cluster is ready once every worker listens; a single gateway, once it does.
    ready: (line) =>
      line.includes(env.GATEWAY_WORKERS ? '"Southgate cluster ready"' : '"Southgate listening"'),
  });
}

function createCustomer(prepared: { baseUrl: string; directLogin: string }): LoadRequest {
  return {
    url: `${prepared.baseUrl}/obp/v5.1.0/banks/${benchBankId}/customers`,
    method: 'POST',
    headers: { DirectLogin: prepared.directLogin, 'Content-Type': 'application/json' },
    body: createCustomerBody,
  };
}

function getCustomer(prepared: { baseUrl: string; directLogin: string; customerId: string }) {
  return {
    url: `${prepared.baseUrl}/obp/v5.1.0/banks/${benchBankId}/customers/${prepared.customerId}`,
    method: 'GET',
    headers: { DirectLogin: prepared.directLogin },
  } satisfies LoadRequest;
}

function profileArgs(ctx: StageContext, name: string): string[] {
  return ctx.profileDir === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${join(ctx.profileDir, name)}`];
}

function portOf(child: BenchChild): number {
  const port = (JSON.parse(child.readyLine) as { port?: unknown }).port;
  if (typeof port !== 'number') throw new Error(`${child.name}: no port in "${child.readyLine}"`);
  return port;
}
