import { startKafkaConnector } from '../helpers/kafka-connector.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('memory, over Kafka (adapter in its own process)', async () => {
  const kafka = await startKafkaConnector();
  return { connector: kafka.connector, close: () => kafka.close() };
});
