import { createSqlAdapter } from '../../connectors/sql/sql-adapter.js';
import { startKafkaConnector } from '../helpers/kafka-connector.js';
import { openTestDatabase } from '../helpers/test-database.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('sql on PostgreSQL, over Kafka', async () => {
  const adapter = await createSqlAdapter({ client: await openTestDatabase() });
  try {
    const kafka = await startKafkaConnector({ adapter });
    return {
      connector: kafka.connector,
      async close() {
        await kafka.close();
        await adapter.close();
      },
    };
  } catch (err) {
    await adapter.close();
    throw err;
  }
});
