import { expect } from 'chai';
import { createSqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import {
  sqlAdapterMigrations,
  sqlAdapterMigrationTarget,
} from '../../../connectors/sql/sql-migrations.js';
import { runMigrations, type SqlClient } from '../../../src/adapter/index.js';
import { gatewayMigrationTarget } from '../../../src/store/gateway-migrations.js';
import { GatewayStore } from '../../../src/store/gateway-store.js';
import { adapterDrivers, type AdapterDatabase } from './sql-adapter-databases.js';

async function count(client: SqlClient, table: string): Promise<number> {
  const [row] = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

describe('sql adapter migrations', () => {
  it('use their own table and advisory lock, not the gateway store’s', () => {
    expect(sqlAdapterMigrationTarget.table).to.not.equal(gatewayMigrationTarget.table);
    expect(sqlAdapterMigrationTarget.lockId).to.not.equal(gatewayMigrationTarget.lockId);
  });

  for (const driver of adapterDrivers) {
    describe(`on ${driver.name}`, () => {
      let db: AdapterDatabase;
      let client: SqlClient;
      before(async () => {
        db = await driver.create();
        client = await db.connect();
      });
      after(async () => {
        await client?.close();
        await db?.destroy();
      });

      it('apply once; running them again, or starting the adapter twice, changes nothing', async () => {
        const versions = sqlAdapterMigrations.map((m) => m.version);
        expect(
          await runMigrations(client, sqlAdapterMigrations, sqlAdapterMigrationTarget),
        ).to.deep.equal(versions);
        expect(
          await runMigrations(client, sqlAdapterMigrations, sqlAdapterMigrationTarget),
        ).to.deep.equal([]);
        for (let i = 0; i < 2; i++) {
          const adapter = await createSqlAdapter({ client, ownsClient: false });
          await adapter.close();
        }
        expect(await count(client, sqlAdapterMigrationTarget.table)).to.equal(versions.length);
        expect(await count(client, 'banks')).to.equal(1);
        expect(await count(client, 'crm_events')).to.equal(3);
      });
    });
  }

  describe('on postgres, with several processes', () => {
    let db: AdapterDatabase;
    let clients: SqlClient[] = [];
    before(async () => {
      const postgres = adapterDrivers.find((driver) => driver.name === 'postgres');
      if (!postgres) throw new Error('no postgres driver');
      db = await postgres.create();
      clients = await Promise.all(Array.from({ length: 4 }, () => db.connect()));
    });
    after(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await db?.destroy();
    });

    it('migrate and seed exactly once when adapters and the gateway start at once on one schema', async () => {
      const [gatewayClient, ...adapterClients] = clients;
      if (!gatewayClient) throw new Error('no client');
      const [, ...adapters] = await Promise.all([
        GatewayStore.open(gatewayClient),
        ...adapterClients.map((client) => createSqlAdapter({ client, ownsClient: false })),
      ]);
      await Promise.all(adapters.map((adapter) => adapter.close()));

      const applied = await gatewayClient.query<{ version: number }>(
        `SELECT version FROM ${sqlAdapterMigrationTarget.table} ORDER BY version`,
      );
      expect(applied.map((row) => row.version)).to.deep.equal(
        sqlAdapterMigrations.map((m) => m.version),
      );
      expect(await count(gatewayClient, gatewayMigrationTarget.table)).to.be.at.least(1);
      expect(await count(gatewayClient, 'banks')).to.equal(1);
      expect(await count(gatewayClient, 'crm_events')).to.equal(3);
      // Both sets of tables live side by side.
      expect(await count(gatewayClient, 'users')).to.equal(0);
      expect(await count(gatewayClient, 'customers')).to.equal(0);
    });
  });
});
