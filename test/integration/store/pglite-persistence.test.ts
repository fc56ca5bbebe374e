import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  gatewayMigrations,
  gatewayMigrationTarget,
} from '../../../src/store/gateway-migrations.js';
import { GatewayStore } from '../../../src/store/gateway-store.js';
import { runMigrations } from '../../../src/store/migrator.js';
import { openSqlClient } from '../../../src/store/sql-client.js';

describe('PgliteSqlClient persistence', () => {
  let dataDir: string;
  before(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'southgate-persist-')), 'nested', 'data');
  });
  after(() => rm(join(dataDir, '..', '..'), { recursive: true, force: true }));

  it('keeps data and migration history across a close and reopen of the same dataDir', async () => {
    const first = await openSqlClient({ dataDir });
    const store = await GatewayStore.open(first);
    const secret = await store.tokenSigningSecret();
    await store.consumers.insert({ consumerId: 'c1', name: 'kept', keyHash: 'h1' });
    await first.close();

    const second = await openSqlClient({ dataDir });
    try {
      expect(await runMigrations(second, gatewayMigrations, gatewayMigrationTarget)).to.deep.equal(
        [],
      );
      const reopened = new GatewayStore(second);
      expect((await reopened.consumers.findById('c1'))?.name).to.equal('kept');
      expect(await reopened.tokenSigningSecret()).to.equal(secret);
    } finally {
      await second.close();
    }
  });
});
