import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlClient, type SqlClient } from '../../../src/store/sql-client.js';
import { openTestDatabase } from '../../helpers/test-database.js';

/** One database per driver for a test file; tests in the file use unique table names. */
export interface DriverDatabase {
  readonly client: SqlClient;
  close(): Promise<void>;
}

/** The two drivers every SqlClient behaviour is checked on. */
export const drivers: readonly { name: string; open(): Promise<DriverDatabase> }[] = [
  {
    name: 'postgres',
    async open() {
      const client = await openTestDatabase();
      return { client, close: () => client.close() };
    },
  },
  {
    name: 'pglite',
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'southgate-pglite-'));
      const client = await openSqlClient({ dataDir, schema: 'store_test' });
      return {
        client,
        close: async () => {
          await client.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

let counter = 0;

/** A table name unique in this process. */
export function uniqueTable(prefix = 't'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}
