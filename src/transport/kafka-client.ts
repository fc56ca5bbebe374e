import { connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import {
  Kafka,
  logLevel,
  type Consumer,
  type ConsumerRunConfig,
  type ISocketFactory,
} from 'kafkajs';
import type { Logger } from '../observability/logger.js';

/** Where a Kafka client connects and how it names itself. */
export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

const levels: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client that logs through our root logger (warnings and errors only: kafkajs is
 * chatty), retries connections briefly, so a broker outage surfaces as a fast failure instead of
 * a request hanging in a retry loop, and sends small requests at once (TCP_NODELAY).
 */
export function createKafkaClient(connection: KafkaConnection, logger: Logger): Kafka {
  const log = logger.child({ area: 'kafka' });
  return new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    socketFactory: noDelaySockets,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }) => {
        const { message, ...fields } = entry;
        const text = String(message);
        // kafkajs logs each failed attempt it will retry (e.g. "not the leader" while a new
        // topic elects its leaders) as an error; only what our code gives up on is one.
        const retried = text.startsWith('Response ') || 'retryCount' in fields;
        log.log(retried ? 'debug' : (levels[level] ?? 'info'), text, { namespace, ...fields });
      },
  });
}

/** `host:port,host:port` → brokers. */
export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/**
 * kafkajs's socket factory plus TCP_NODELAY: connector messages are small and latency-bound, and
 * Nagle's algorithm would hold each one back waiting for the previous acknowledgement.
 */
const noDelaySockets: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? connectTls({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : connectTcp({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  socket.setNoDelay(true);
  return socket;
};

/** How long a consumer that kafkajs gave up on waits before it is run again, then at most. */
export interface RestartBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

const defaultBackoff: RestartBackoff = { initialMs: 1_000, maxMs: 30_000 };

/**
 * Runs a consumer and keeps it running. After a crash kafkajs restarts the consumer by itself
 * only when the error was retriable; after any other crash it leaves the consumer disconnected
 * for good, and the process would answer 503 until restarted. This reconnects that same consumer
 * and runs it again (its subscriptions and event listeners stay), after a backoff that doubles
 * from `initialMs` to `maxMs` while it keeps crashing, and starts over after it ran `maxMs`.
 * Every crash is logged: a warning when kafkajs restarts, an error when it gave up.
 * `stopping()` true means the owner is shutting down: nothing is restarted then.
 */
export async function runKeptRunning(
  consumer: Consumer,
  config: ConsumerRunConfig,
  options: {
    readonly log: Logger;
    /** Which consumer, for the logs. */
    readonly name: string;
    readonly stopping: () => boolean;
    readonly backoff?: RestartBackoff;
    /** Called at every crash, whoever restarts the consumer (for a metric). */
    readonly onCrash?: () => void;
  },
): Promise<void> {
  const { log, name, stopping } = options;
  const backoff = options.backoff ?? defaultBackoff;
  let delay = backoff.initialMs;
  let runningSince = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const restart = async (): Promise<void> => {
    timer = undefined;
    if (stopping()) return;
    runningSince = Date.now();
    try {
      await consumer.connect();
      if (stopping()) {
        // The owner's disconnect may have run while this connected.
        await consumer.disconnect();
        return;
      }
      log.info('kafka consumer running again', { consumer: name });
      // A failure to rejoin crashes the consumer again, which schedules the next try.
      await consumer.run(config);
    } catch (err) {
      log.warn('kafka consumer could not reconnect; trying again', {
        consumer: name,
        error: String(err),
        inMs: delay,
      });
      schedule();
    }
  };
  const schedule = (): void => {
    if (timer || stopping()) return;
    timer = setTimeout(() => void restart(), delay);
    timer.unref();
    delay = Math.min(delay * 2, backoff.maxMs);
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    options.onCrash?.();
    // A consumer that ran a while before this crash starts the backoff over.
    if (Date.now() - runningSince >= backoff.maxMs) delay = backoff.initialMs;
    const fields = { consumer: name, error: String(payload.error), restart: payload.restart };
    if (payload.restart) {
      log.warn('kafka consumer crashed; kafkajs restarts it', fields);
    } else if (stopping()) {
      log.warn('kafka consumer crashed while stopping', fields);
    } else {
      log.error('kafka consumer crashed and kafkajs gave up on it; running it again', {
        ...fields,
        inMs: delay,
      });
      schedule();
    }
  });
  await consumer.run(config);
}
