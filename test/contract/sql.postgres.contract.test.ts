import { createSqlAdapter } from '../../connectors/sql/sql-adapter.js';
import { openTestDatabase } from '../helpers/test-database.js';
import { createInProcessConnector } from '../helpers/in-process-connector.js';
import { describeAdapterContract } from './adapter-contract.js';

// A fresh schema per run (dropped on close), so runs never see each other's rows.
describeAdapterContract('sql on PostgreSQL, in process', async () => {
  const adapter = await createSqlAdapter({ client: await openTestDatabase() });
  const { connector } = createInProcessConnector(adapter);
  return { connector, close: () => adapter.close() };
});
