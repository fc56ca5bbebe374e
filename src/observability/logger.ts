import winston from 'winston';

export type Logger = winston.Logger;

/** Log levels accepted by `LOG_LEVEL` (winston's npm levels, plus `silent`). */
export const logLevels = [
  'error',
  'warn',
  'info',
  'http',
  'verbose',
  'debug',
  'silly',
  'silent',
] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * The one root logger: JSON lines on stdout with structured fields. Areas take child loggers
 * (`logger.child({ area: 'http' })`). Message payloads and personal data never go to it; see
 * STYLE.md §11. `fields` go on every line (a cluster worker's `worker` number).
 */
export function createLogger(
  level: LogLevel = 'info',
  fields: Readonly<Record<string, string | number>> = {},
): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    defaultMeta: fields,
    silent: level === 'silent',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
