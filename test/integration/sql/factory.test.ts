import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapter } from '../../../connectors/index.js';
import type { SqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import { openSqlClient } from '../../../src/adapter/index.js';
import { createInProcessConnector, testCallContext } from '../../helpers/in-process-connector.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';

describe('the sql adapter factory (ADAPTER=sql)', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'southgate-sql-factory-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('opens PostgreSQL at SQL_ADAPTER_DATABASE_URL, in SQL_ADAPTER_SCHEMA', async () => {
    const schema = `test_factory_${randomBytes(5).toString('hex')}`;
    const adapter = (await createAdapter('sql', {
      dataDir,
      env: {
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/unused',
        SQL_ADAPTER_DATABASE_URL: testDatabaseUrl(),
        SQL_ADAPTER_SCHEMA: schema,
        SQL_ADAPTER_POOL_SIZE: '3',
      },
    })) as SqlAdapter;
    try {
      expect(adapter.name).to.equal('sql');
      expect(adapter.client.dialect).to.equal('postgres');
      const { connector } = createInProcessConnector(adapter);
      const bank = await connector.call('getBank', { bankId: 'gh.29.uk' }, testCallContext());
      expect(bank.bankId).to.equal('gh.29.uk');
      const tables = await adapter.client.query(
        "SELECT 1 AS found FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'customers'",
        [schema],
      );
      expect(tables).to.have.length(1);
      // SQL_ADAPTER_POOL_SIZE 3: one pipelined read connection and two pooled, reported.
      expect(adapter.sqlPoolStatus?.()).to.include({ max: 2, readLanes: 1 });
    } finally {
      await adapter.close();
      const admin = await openSqlClient({ databaseUrl: testDatabaseUrl() });
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.close();
    }
  });

  it('opens embedded PGlite under DATA_DIR/sql-adapter when no URL is set', async () => {
    const adapter = (await createAdapter('sql', { dataDir, env: {} })) as SqlAdapter;
    try {
      expect(adapter.client.dialect).to.equal('pglite');
      expect((await stat(join(dataDir, 'sql-adapter'))).isDirectory()).to.equal(true);
      const { connector } = createInProcessConnector(adapter);
      const banks = await connector.call('getBanks', {}, testCallContext());
      expect(banks.map((bank) => bank.bankId)).to.deep.equal(['gh.29.uk']);
      expect('sqlPoolStatus' in adapter, 'no pool to report').to.equal(false);
    } finally {
      await adapter.close();
    }
  });

  it('refuses invalid settings before touching any database', async () => {
    const failure = await createAdapter('sql', {
      dataDir,
      env: { SQL_ADAPTER_POOL_SIZE: 'many' },
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.equal(
      'Invalid configuration of the sql adapter: SQL_ADAPTER_POOL_SIZE: must be a whole number from 1 to 1000',
    );
  });
});
