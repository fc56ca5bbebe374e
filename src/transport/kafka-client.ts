import { connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
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

/**
 * Logs a kafkajs consumer crash: a warning while kafkajs restarts the consumer by itself, an
 * error when it gives up (the consumer then stays stopped until the process restarts).
 */
export function logConsumerCrash(
  log: Logger,
  consumer: string,
  payload: { error: Error; restart: boolean },
): void {
  const fields = { consumer, error: String(payload.error), restart: payload.restart };
  if (payload.restart) log.warn('kafka consumer crashed; kafkajs restarts it', fields);
  else log.error('kafka consumer crashed and will not be restarted; restart this process', fields);
}
