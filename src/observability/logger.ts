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
 * The longest line written, newline included: PIPE_BUF on Linux, the largest write to a pipe
 * that is never interleaved with another process's. Cluster workers share the primary's stdout,
 * so a longer line (a 10 KiB URL in the request log, say) could be cut by another worker's.
 */
export const MAX_LOG_LINE_BYTES = 4096;

/** triple-beam's MESSAGE: where a winston format leaves the finished line. */
const MESSAGE = Symbol.for('message');
/** String lengths tried, in turn, until an oversized line fits. */
const STRING_CAPS = [1024, 256, 64];

type Info = winston.Logform.TransformableInfo & { [MESSAGE]?: unknown };

/**
 * winston's JSON line, kept within `maxBytes` (newline included): an oversized entry has its
 * long strings cut (each ends `…[+N chars]`) until it fits, and is marked `truncated: true`; if
 * even that fails, only its level, time, message (cut) and the logger's own fields remain.
 */
export function boundedJson(
  maxBytes = MAX_LOG_LINE_BYTES,
  keep: readonly string[] = [],
): winston.Logform.Format {
  const json = winston.format.json();
  const fits = (info: Info) => {
    const line = String(info[MESSAGE]);
    // A UTF-16 unit is at most 3 UTF-8 bytes: the usual short line needs no byte count.
    return line.length * 3 < maxBytes || Buffer.byteLength(line) + 1 <= maxBytes;
  };
  const serialize = (info: Info) => json.transform(info, json.options) as Info;
  return {
    transform(info: Info): Info {
      const whole = serialize(info);
      if (fits(whole)) return whole;
      for (const cap of STRING_CAPS) {
        const cut = serialize(withSymbolsOf(info, { ...(capStrings(info, cap) as Info) }));
        if (fits(cut)) return cut;
      }
      const minimal: Info = { level: info.level, message: cutString(String(info.message), 256) };
      for (const key of ['timestamp', ...keep]) if (key in info) minimal[key] = info[key];
      return serialize(withSymbolsOf(info, minimal));
    },
  };
}

/** `cut`, marked truncated, with `info`'s symbol keys (winston's level) except the old line. */
function withSymbolsOf(info: Info, cut: Info): Info {
  for (const key of Object.getOwnPropertySymbols(info)) {
    if (key !== MESSAGE)
      (cut as Record<symbol, unknown>)[key] = (info as Record<symbol, unknown>)[key];
  }
  cut.truncated = true;
  return cut;
}

/** A copy of `value` with every string longer than `cap` cut (depth-limited, cycle-safe). */
function capStrings(value: unknown, cap: number, depth = 0, seen = new Set<object>()): unknown {
  if (typeof value === 'string') return cutString(value, cap);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => capStrings(item, cap, depth + 1, seen));
  const copy: Record<string | symbol, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = capStrings(item, cap, depth + 1, seen);
  if (value instanceof Error) {
    copy.message = cutString(value.message, cap);
    if (value.stack) copy.stack = cutString(value.stack, cap);
  }
  return copy;
}

function cutString(text: string, cap: number): string {
  return text.length <= cap ? text : `${text.slice(0, cap)}…[+${text.length - cap} chars]`;
}

/**
 * The one root logger: JSON lines on stdout with structured fields, none longer than
 * MAX_LOG_LINE_BYTES. Areas take child loggers (`logger.child({ area: 'http' })`). Message
 * payloads and personal data never go to it; see STYLE.md §11. `fields` go on every line (a
 * cluster worker's `worker` number).
 */
export function createLogger(
  level: LogLevel = 'info',
  fields: Readonly<Record<string, string | number>> = {},
): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    defaultMeta: fields,
    silent: level === 'silent',
    format: winston.format.combine(
      winston.format.timestamp(),
      boundedJson(MAX_LOG_LINE_BYTES, ['correlationId', 'area', ...Object.keys(fields)]),
    ),
    transports: [new winston.transports.Console()],
  });
}
