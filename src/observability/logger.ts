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
 * STYLE.md §11.
 */
export function createLogger(level: LogLevel = 'info'): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
