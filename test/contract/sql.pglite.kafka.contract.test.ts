import { createSqlAdapter } from '../../connectors/sql/sql-adapter.js';
import { openSqlClient } from '../../src/adapter/index.js';
import { startKafkaConnector } from '../helpers/kafka-connector.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('sql on embedded PGlite, over Kafka', async () => {
  const adapter = await createSqlAdapter({ client: await openSqlClient({}) });
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
