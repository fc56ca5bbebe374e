import { hostname } from 'node:os';
import { z } from 'zod';
import { methodNames } from './connector/method-registry.js';
import { logLevels } from './observability/logger.js';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .pipe(z.number().int().min(min).max(max));

/** A JSON object setting, e.g. `{"getCustomers":8000}`; absent means `{}`. */
function jsonSetting<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const text = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A TCP port, or undefined when unset or empty (the feature stays off). */
const optionalPort = text.pipe(
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .optional(),
);

/**
 * Every setting, read from the environment and validated once at start (DESIGN.md
 * "Configuration"). Names and defaults are documented in the README's configuration table.
 */
const configSchema = z.object({
  PORT: int(8080, 0, 65535),
  GATEWAY_WORKERS: int(1, 1, 64),
  TRANSPORT: z.enum(['inprocess', 'kafka']).default('inprocess'),
  ADAPTER: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { message: 'must be an adapter name: memory or sql' })
    .default('sql'),
  KAFKA_BROKERS: text,
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, {
      message: 'may only contain letters, digits, ".", "_" and "-"',
    })
    .default('southgate'),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, {
      message: 'may only contain letters, digits, ".", "_" and "-"',
    })
    .default(hostname().replace(/[^A-Za-z0-9._-]/g, '-')),
  DATABASE_URL: text,
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  BOOTSTRAP_ADMIN_USERNAME: text,
  BOOTSTRAP_ADMIN_PASSWORD: text,
  BOOTSTRAP_CONSUMER_KEY: text,
  ALLOW_CUSTOMER_FIREHOSE: bool(false),
  ALLOW_USER_SELF_REGISTRATION: bool(true),
  HTTP_BODY_LIMIT_BYTES: int(102_400, 1_024, 10_485_760),
  DIRECT_LOGIN_TOKEN_TTL_SECONDS: int(4 * 7 * 24 * 3600, 60),
  MAX_BAD_LOGIN_ATTEMPTS: int(5, 1, 1000),
  ENTITLEMENT_CACHE_TTL_MS: int(10_000, 0, 3_600_000),
  CONNECTOR_READ_TIMEOUT_MS: int(5_000, 10, 600_000),
  CONNECTOR_WRITE_TIMEOUT_MS: int(10_000, 10, 600_000),
  KAFKA_REQUEST_PARTITIONS: int(1, 1, 1000),
  KAFKA_REPLY_PARTITIONS: int(1, 1, 1000),
  KAFKA_REPLICATION_FACTOR: int(1, 1, 10),
  ADAPTER_HEARTBEAT_MS: int(5_000, 100, 600_000),
  ADAPTER_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, {
      message: 'may only contain letters, digits, ".", "_" and "-"',
    })
    .optional(),
  ADAPTER_HTTP_PORT: optionalPort,
  SHUTDOWN_DRAIN_MS: int(10_000, 0, 600_000),
  CONNECTOR_TIMEOUTS_MS: jsonSetting(
    z.partialRecord(z.enum(methodNames), z.number().int().min(10).max(600_000)),
  ),
  CONNECTOR_MAX_RETRIES: int(2, 0, 10),
  CONNECTOR_RETRY_BACKOFF_MS: int(50, 1, 10_000),
  CONNECTOR_MAX_IN_FLIGHT: int(512, 1, 100_000),
  BREAKER_VOLUME_THRESHOLD: int(10, 1, 100_000),
  BREAKER_ERROR_PERCENTAGE: int(50, 1, 100),
  BREAKER_RESET_TIMEOUT_MS: int(10_000, 100, 3_600_000),
  BREAKER_ROLLING_WINDOW_MS: int(10_000, 100, 3_600_000),
  BREAKER_OVERRIDES: jsonSetting(
    z.partialRecord(
      z.enum(methodNames),
      z
        .object({
          volumeThreshold: z.number().int().min(1),
          errorThresholdPercentage: z.number().int().min(1).max(100),
          resetTimeoutMs: z.number().int().min(100),
          rollingWindowMs: z.number().int().min(100),
          maxInFlight: z.number().int().min(1),
        })
        .partial()
        .strict(),
    ),
  ),
  BANK_CACHE_TTL_MS: int(10_000, 0, 3_600_000),
  LINKED_CUSTOMERS_TTL_MS: int(5_000, 0, 3_600_000),
  IDEMPOTENCY_KEY_TTL_MS: int(24 * 3600 * 1000, 1_000, 30 * 24 * 3600 * 1000),
  // The sql adapter reads these itself (adapters do not import the gateway's config); they are
  // validated here too so a bad value stops the process at start with the rest.
  SQL_ADAPTER_DATABASE_URL: text,
  SQL_ADAPTER_POOL_SIZE: int(10, 1, 1000),
  SQL_ADAPTER_REPLY_TTL_SECONDS: int(86_400, 1, 365 * 86_400),
  SQL_ADAPTER_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'use a-z, 0-9 and _, at most 63 characters' })
    .optional(),
});

/** Rules across settings, checked on the raw environment so they are reported with the rest. */
function crossSettingProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  const bootstrap = [
    'BOOTSTRAP_ADMIN_USERNAME',
    'BOOTSTRAP_ADMIN_PASSWORD',
    'BOOTSTRAP_CONSUMER_KEY',
  ];
  if (bootstrap.some(set) && !bootstrap.every(set)) {
    problems.push(`${bootstrap.join(', ')}: set all three together, or none of them`);
  }
  if (env.TRANSPORT === 'kafka' && !set('KAFKA_BROKERS')) {
    problems.push('KAFKA_BROKERS: required when TRANSPORT=kafka (e.g. 127.0.0.1:9092)');
  }
  if (Number(env.GATEWAY_WORKERS) > 1) {
    if (!set('DATABASE_URL')) {
      problems.push(
        'GATEWAY_WORKERS: more than one worker needs DATABASE_URL (a PostgreSQL the workers ' +
          'share); the embedded store under DATA_DIR serves a single process',
      );
    }
    if ((env.TRANSPORT ?? 'inprocess') === 'inprocess' && env.ADAPTER === 'memory') {
      problems.push(
        'GATEWAY_WORKERS: more than one worker cannot share ADAPTER=memory in process (each ' +
          'would hold its own bank); use ADAPTER=sql, or TRANSPORT=kafka with one adapter process',
      );
    }
  }
  return problems;
}

export type Config = z.infer<typeof configSchema>;

/** Raised for invalid configuration; main prints its message and exits. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from `env`; throws one ConfigError listing every invalid setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map(
          (issue) => `${issue.path.join('.') || 'configuration'}: ${issue.message}`,
        )),
    ...crossSettingProblems(env),
  ];
  if (!result.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
