/** How `npm run bench` runs, from the environment. */
export interface BenchSettings {
  /** Seconds of each measured run (`BENCH_DURATION`, default 10). */
  readonly durationSeconds: number;
  /** Seconds of the discarded warm-up before each measured run (`BENCH_WARMUP`, default 3). */
  readonly warmupSeconds: number;
  /**
   * Seconds of warm-up before the first scenario over Kafka in a run (`BENCH_KAFKA_WARMUP`,
   * default 20, never less than `warmupSeconds`): a freshly started broker's JVM is still
   * compiling its hot paths, and would read as half its speed.
   */
  readonly kafkaWarmupSeconds: number;
  /** Concurrent HTTP connections (`BENCH_CONNECTIONS`, default 32). */
  readonly connections: number;
  /**
   * `BENCH_RATE`: requests per second offered evenly by all connections together (paced-load.ts,
   * not autocannon, whose rate option sends each second's quota in a burst); unset, autocannon
   * as fast as the server answers. A fixed rate below saturation compares latency and CPU per
   * request between code changes even when the machine is shared.
   */
  readonly rate: number | undefined;
  /** Kafka bootstrap servers (`KAFKA_BROKERS`, default 127.0.0.1:9092). */
  readonly kafkaBrokers: string;
  /** PostgreSQL of the sql-backend scenarios (`BENCH_DATABASE_URL`, default the local test database). */
  readonly databaseUrl: string;
  /** `BENCH_PROFILE=1`: run the Southgate children with `--cpu-prof` and summarise the profiles. */
  readonly profile: boolean;
  /** `BENCH_ONLY=a,c`: run only these scenarios, a to j (default: all). */
  readonly only: ReadonlySet<string> | undefined;
}

/** Reads the settings; throws an Error naming the first invalid one. */
export function readBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const only = env.BENCH_ONLY?.trim();
  const ids = only ? only.split(',').map((s) => s.trim().toLowerCase()) : undefined;
  const unknown = ids?.find((id) => !/^[a-j]$/.test(id));
  if (unknown !== undefined) throw new Error(`BENCH_ONLY lists scenarios a to j; got "${unknown}"`);
  return {
    durationSeconds: positive(env, 'BENCH_DURATION', 10),
    warmupSeconds: positive(env, 'BENCH_WARMUP', 3, 0),
    kafkaWarmupSeconds: positive(env, 'BENCH_KAFKA_WARMUP', 20, 0),
    connections: positive(env, 'BENCH_CONNECTIONS', 32),
    rate: env.BENCH_RATE?.trim() ? positive(env, 'BENCH_RATE', 0) : undefined,
    kafkaBrokers: env.KAFKA_BROKERS?.trim() || '127.0.0.1:9092',
    databaseUrl: env.BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
    profile: ['1', 'true', 'yes'].includes(env.BENCH_PROFILE ?? ''),
    only: ids ? new Set(ids) : undefined,
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  }
  return value;
}
