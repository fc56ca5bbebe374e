import { createSqlAdapter } from '../../connectors/sql/sql-adapter.js';
import { openSqlClient } from '../../src/adapter/index.js';
import { createInProcessConnector } from '../helpers/in-process-connector.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('sql on embedded PGlite, in process', async () => {
  const adapter = await createSqlAdapter({ client: await openSqlClient({}) });
  const { connector } = createInProcessConnector(adapter);
  return { connector, close: () => adapter.close() };
});
