import { createAdapter } from '../../connectors/index.js';
import type { Adapter } from '../adapter/adapter.js';
import { AdapterRuntime } from '../adapter/adapter-runtime.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { SingleObjectCodec } from '../codec/single-object-codec.js';
import type { Config } from '../config.js';
import type { Transport } from '../connector/transport.js';
import type { Logger } from '../observability/logger.js';
import { InProcessTransport } from './in-process-transport.js';
import { parseBrokers } from './kafka-client.js';
import type { TopicLayout } from './kafka-topics.js';
import { KafkaTransport } from './kafka-transport.js';

/** A started transport and how to release it (and, in process, its adapter). */
export interface StartedTransport {
  readonly transport: Transport;
  /** Label for logs and metrics: `kafka:<prefix>` or `inprocess:<adapter>`. */
  readonly backend: string;
  /** In process: the adapter this process serves. */
  readonly adapter?: Adapter;
  close(): Promise<void>;
}

/**
 * The configured transport, started: in process with the configured adapter in this process, or
 * Kafka (adapters run as their own processes; see `southgate adapter`).
 */
export async function startTransport(
  config: Config,
  deps: { catalog: SchemaCatalog; codec: SingleObjectCodec; logger: Logger },
): Promise<StartedTransport> {
  if (config.TRANSPORT === 'kafka') {
    const transport = new KafkaTransport({
      ...deps,
      brokers: parseBrokers(config.KAFKA_BROKERS ?? ''),
      prefix: config.KAFKA_TOPIC_PREFIX,
      instanceId: config.INSTANCE_ID,
      layout: kafkaLayout(config),
    });
    await transport.start();
    return {
      transport,
      backend: `kafka:${config.KAFKA_TOPIC_PREFIX}`,
      close: () => transport.stop(),
    };
  }
  const adapter = await createAdapter(config.ADAPTER, {
    dataDir: config.DATA_DIR,
    logger: deps.logger,
  });
  const transport = new InProcessTransport(new AdapterRuntime(adapter, deps));
  await transport.start();
  return {
    transport,
    backend: `inprocess:${adapter.name}`,
    adapter,
    close: async () => {
      await transport.stop();
      await adapter.close?.();
    },
  };
}

/** Topic partitions and replication from configuration. */
export function kafkaLayout(config: Config): TopicLayout {
  return {
    requestPartitions: config.KAFKA_REQUEST_PARTITIONS,
    replyPartitions: config.KAFKA_REPLY_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  };
}
