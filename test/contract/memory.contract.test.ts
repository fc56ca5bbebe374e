import { createMemoryAdapter } from '../../connectors/memory/memory-adapter.js';
import { createInProcessConnector } from '../helpers/in-process-connector.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('memory, in process', () => {
  const { connector } = createInProcessConnector(createMemoryAdapter());
  return Promise.resolve({ connector, close: () => Promise.resolve() });
});
