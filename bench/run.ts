// `npm run bench`: loads bare Express and Southgate (in process and over Kafka) with autocannon
// (and evenly paced load, see paced-load.ts), prints and saves the figures and whether the
// targets are met. Exits 0 whatever the figures;
// 1 only when a scenario could not run. Settings: see bench-settings.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBenchSettings } from './bench-settings.js';
import { ChildProcesses } from './child-processes.js';
import { cpuUsageBetween, localKafkaPid, snapshotCpu } from './cpu-usage.js';
import { deleteTopicsWithPrefix } from './kafka-cleanup.js';
import { dropSchema } from './sql-cleanup.js';
import { measure, stopLoad, type LoadPlan, type Measurement } from './load.js';
import { describeMachine } from './machine.js';
import { summarizeProfiles } from './profile-summary.js';
import { renderText, saveReport, type BenchReport } from './report.js';
import {
  kafkaAdapters,
  kafkaTopicPrefix,
  sqlSchema,
  gatewaySchema,
  scenarioTitles,
  stages,
  type RunningStage,
  type ScenarioId,
  type StageContext,
} from './scenarios.js';
import { checkTargets, kafkaTargets, ratio } from './targets.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(repoRoot, 'bench', 'results');
/** The scenarios whose requests travel over Kafka. */
const kafkaScenarios: ReadonlySet<string> = new Set(['c', 'd', 'g', 'h']);
/** The scenarios measured a second time at the Kafka targets' rate, offered evenly. */
const steadyScenarios: ReadonlySet<string> = new Set(['c', 'd']);
/** Set on Ctrl-C: no further stage or scenario starts. */
let interrupted = false;

async function main(): Promise<number> {
  const settings = readBenchSettings();
  const date = new Date().toISOString();
  const runId = `${date.replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
  const workDir = mkdtempSync(join(tmpdir(), 'southgate-bench-'));
  const profileDir = settings.profile ? join(resultsDir, `profiles-${runId}`) : undefined;
  // A profiled child writes its profile while exiting, which takes longer.
  const children = new ChildProcesses(workDir, settings.profile ? 60_000 : 10_000);
  const usesKafka = [...kafkaScenarios].some((id) => settings.only?.has(id) ?? true);
  const usesSql = ['e', 'f', 'g', 'h', 'i', 'j'].some((id) => settings.only?.has(id) ?? true);
  let cleaned: Promise<void> | undefined;
  // Runs once, at the end or on Ctrl-C: children, temporary data, this run's Kafka topics.
  const cleanUp = (): Promise<void> =>
    (cleaned ??= (async () => {
      await children.stopAll();
      rmSync(workDir, { recursive: true, force: true });
      if (usesKafka) {
        for (const adapter of kafkaAdapters) {
          await deleteTopicsWithPrefix(
            settings.kafkaBrokers,
            kafkaTopicPrefix(runId, adapter),
          ).catch((err: unknown) =>
            progress(`could not delete this run's Kafka topics: ${describe(err)}`),
          );
        }
      }
      if (usesSql) {
        for (const schema of [sqlSchema(runId), gatewaySchema(runId)]) {
          await dropSchema(settings.databaseUrl, schema).catch((err: unknown) =>
            progress(`could not drop this run's PostgreSQL schema: ${describe(err)}`),
          );
        }
      }
    })());
  stopEverythingOnExit(children, cleanUp);

  const kafkaPid = localKafkaPid(join(repoRoot, 'docker', 'kafka', 'run', 'kafka.pid'));
  const ctx: StageContext = {
    settings,
    children,
    dataDir: workDir,
    profileDir,
    runId,
    baseWatch: new Map([
      ['bench', process.pid],
      ...(kafkaPid === undefined ? [] : [['kafka', kafkaPid] as const]),
    ]),
  };
  const background = await backgroundLoad();
  const measured = new Map<ScenarioId, Measurement>();
  /** (c) and (d) again at the Kafka targets' rate, offered evenly (when BENCH_RATE is unset). */
  const steady = new Map<ScenarioId, Measurement>();
  let kafkaWarmed = false;
  const failures: { id: ScenarioId; error: string }[] = [];
  try {
    for (const stage of stages) {
      const wanted = stage.scenarioIds.filter((id) => settings.only?.has(id) ?? true);
      if (interrupted) break;
      if (wanted.length === 0) continue;
      progress(`starting processes for ${wanted.map((id) => `(${id})`).join(' ')}`);
      let running: RunningStage;
      try {
        running = await stage.start(ctx);
      } catch (err) {
        for (const id of wanted) failures.push({ id, error: describe(err) });
        continue;
      }
      try {
        for (const scenario of running.scenarios.filter((s) => wanted.includes(s.id))) {
          if (interrupted) break;
          const warmsKafka: boolean = kafkaScenarios.has(scenario.id) && !kafkaWarmed;
          kafkaWarmed ||= warmsKafka;
          const plan: LoadPlan = warmsKafka
            ? {
                ...settings,
                warmupSeconds: Math.max(settings.warmupSeconds, settings.kafkaWarmupSeconds),
              }
            : settings;
          progress(`(${scenario.id}) ${scenarioTitles[scenario.id]}: ${loadPlanText(plan)}`);
          try {
            measured.set(scenario.id, await measure(scenario.request, plan, running.watch));
            if (steadyScenarios.has(scenario.id) && settings.rate === undefined && !interrupted) {
              const even: LoadPlan = { ...settings, rate: kafkaTargets.minReqPerSec };
              progress(`(${scenario.id}) again, evenly paced: ${loadPlanText(even)}`);
              steady.set(scenario.id, await measure(scenario.request, even, running.watch));
            }
          } catch (err) {
            failures.push({ id: scenario.id, error: describe(err) });
          }
        }
      } finally {
        await running.stop();
      }
    }
  } finally {
    await cleanUp();
  }

  const report: BenchReport = {
    date,
    machine: describeMachine(),
    backgroundBusy: background,
    settings: {
      connections: settings.connections,
      rate: settings.rate,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      profiled: settings.profile,
    },
    // Each steady run right after its closed-loop run.
    scenarios: [...measured].flatMap(([id, measurement]) => {
      const rows = [{ id, title: scenarioTitles[id], measurement }];
      const even = steady.get(id);
      if (even) {
        const title = `${scenarioTitles[id]}, steady ${kafkaTargets.minReqPerSec} req/s`;
        rows.push({ id, title, measurement: even });
      }
      return rows;
    }),
    ratios: { bOverA: ratio(measured, 'b', 'a'), cOverA: ratio(measured, 'c', 'a') },
    targets: checkTargets(measured, steady, settings.connections),
    failures,
    profiles: profileDir === undefined ? [] : profileSummaries(profileDir, measured),
  };
  process.stdout.write(renderText(report));
  const saved = saveReport(report, resultsDir);
  process.stdout.write(`Saved ${saved.join(' and ')}\n`);
  if (profileDir !== undefined) process.stdout.write(`Profiles (.cpuprofile) in ${profileDir}\n`);
  return failures.length > 0 ? 1 : 0;
}

/** The profiled Southgate processes of each scenario, cut to its measured run. */
function profileSummaries(
  profileDir: string,
  measured: ReadonlyMap<ScenarioId, Measurement>,
): BenchReport['profiles'] {
  const processesOf: Record<ScenarioId, string[]> = {
    a: [],
    b: ['gateway-inprocess'],
    c: ['gateway-kafka', 'adapter-memory'],
    d: ['gateway-kafka', 'adapter-memory'],
    e: ['gateway-sql'],
    f: ['gateway-sql'],
    g: ['gateway-kafka-sql', 'adapter-sql'],
    h: ['gateway-kafka-sql', 'adapter-sql'],
    i: ['gateway-sql-2w'],
    j: ['gateway-sql-2w'],
  };
  return [...measured].flatMap(([id, m]) =>
    processesOf[id].flatMap((name) =>
      summarizeProfiles(join(profileDir, name), m.window, repoRoot).map((summary) => ({
        id,
        process: name,
        summary,
      })),
    ),
  );
}

/** How busy the machine is before anything starts (percent of all cores, over 2 s). */
async function backgroundLoad(): Promise<number | undefined> {
  const before = snapshotCpu(new Map());
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return cpuUsageBetween(before, snapshotCpu(new Map())).machineBusy;
}

/**
 * Cleans up on Ctrl-C or SIGTERM, and kills any child left when this process exits. A terminal's
 * Ctrl-C reaches this process twice (directly and relayed by tsx), so repeats are ignored until
 * the third, which gives up waiting.
 */
function stopEverythingOnExit(children: ChildProcesses, cleanUp: () => Promise<void>): void {
  let signals = 0;
  const interrupt = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      interrupted = true;
      progress(`${signal}: stopping the child processes`);
      stopLoad();
      void cleanUp().finally(() => process.exit(130));
    } else if (signals >= 3) {
      children.killAllNow();
      process.exit(130);
    }
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.once('exit', () => children.killAllNow());
}

function loadPlanText(plan: LoadPlan): string {
  const rate = plan.rate === undefined ? '' : `, ${plan.rate} req/s offered evenly`;
  return `${plan.warmupSeconds} s warm-up + ${plan.durationSeconds} s at ${plan.connections} connections${rate}`;
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch() says only "fetch failed"; the reason is its cause.
  return err.cause === undefined ? err.message : `${err.message}: ${describe(err.cause)}`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
