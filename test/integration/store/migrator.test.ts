import { expect } from 'chai';
import { MigrationError, runMigrations, type Migration } from '../../../src/store/migrator.js';
import { openSqlClient } from '../../../src/store/sql-client.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';
import { drivers, uniqueTable, type DriverDatabase } from './store-drivers.js';

/** Three migrations over a fresh data table; applying any twice would fail on the primary key. */
function migrationsFor(data: string): Migration[] {
  return [
    { version: 1, name: 'create', sql: `CREATE TABLE ${data} (id int PRIMARY KEY)` },
    {
      version: 2,
      name: 'seed',
      sql: `INSERT INTO ${data} VALUES (1); INSERT INTO ${data} VALUES (2)`,
    },
    { version: 3, name: 'more', sql: `INSERT INTO ${data} VALUES (3)` },
  ];
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

for (const driver of drivers) {
  describe(`runMigrations (${driver.name})`, () => {
    let db: DriverDatabase;
    before(async () => {
      db = await driver.open();
    });
    after(() => db?.close());

    const target = () => ({ table: uniqueTable('migrations'), lockId: 4242 });

    it('applies migrations in order, each recorded with a checksum', async () => {
      const data = uniqueTable();
      const where = target();
      expect(await runMigrations(db.client, migrationsFor(data), where)).to.deep.equal([1, 2, 3]);
      expect(await db.client.query(`SELECT id FROM ${data} ORDER BY id`)).to.deep.equal([
        { id: 1 },
        { id: 2 },
        { id: 3 },
      ]);
      const recorded = await db.client.query<{
        version: number;
        checksum: string;
        applied_at: Date;
      }>(`SELECT version, checksum, applied_at FROM ${where.table} ORDER BY version`);
      expect(recorded.map((r) => r.version)).to.deep.equal([1, 2, 3]);
      expect(recorded[0]?.checksum).to.match(/^[0-9a-f]{64}$/);
      expect(recorded[0]?.applied_at).to.be.instanceOf(Date);
    });

    it('does nothing when run again', async () => {
      const data = uniqueTable();
      const where = target();
      await runMigrations(db.client, migrationsFor(data), where);
      expect(await runMigrations(db.client, migrationsFor(data), where)).to.deep.equal([]);
    });

    it('applies only the new migrations of a later release', async () => {
      const data = uniqueTable();
      const where = target();
      await runMigrations(db.client, migrationsFor(data).slice(0, 2), where);
      expect(await runMigrations(db.client, migrationsFor(data), where)).to.deep.equal([3]);
    });

    it('refuses to start when an applied migration was changed', async () => {
      const data = uniqueTable();
      const where = target();
      await runMigrations(db.client, migrationsFor(data), where);
      const edited = migrationsFor(data).map((m) =>
        m.version === 2 ? { ...m, sql: `${m.sql}; INSERT INTO ${data} VALUES (9)` } : m,
      );
      const error = await rejection(runMigrations(db.client, edited, where));
      expect(error).to.be.instanceOf(MigrationError);
      expect((error as Error).message).to.match(/Migration 2 \(seed\) was changed/);
    });

    it('refuses to start when the database knows a version this release does not', async () => {
      const data = uniqueTable();
      const where = target();
      await runMigrations(db.client, migrationsFor(data), where);
      const error = await rejection(
        runMigrations(db.client, migrationsFor(data).slice(0, 2), where),
      );
      expect(error).to.be.instanceOf(MigrationError);
    });

    it('refuses a pending migration older than an applied one', async () => {
      const data = uniqueTable();
      const where = target();
      const all = migrationsFor(data);
      await runMigrations(db.client, [all[0]!, all[2]!], where);
      const error = await rejection(runMigrations(db.client, all, where));
      expect(error).to.be.instanceOf(MigrationError);
    });

    it('refuses versions out of order', async () => {
      const error = await rejection(
        runMigrations(db.client, migrationsFor(uniqueTable()).reverse(), target()),
      );
      expect(error).to.be.instanceOf(MigrationError);
    });

    it('rolls back a failing migration and records nothing for it', async () => {
      const data = uniqueTable();
      const where = target();
      const failing: Migration[] = [
        migrationsFor(data)[0]!,
        {
          version: 2,
          name: 'half',
          sql: `CREATE TABLE ${data}_side (id int); INSERT INTO ${data} VALUES ('not a number')`,
        },
      ];
      const error = await rejection(runMigrations(db.client, failing, where));
      expect(error).to.have.property('code', '22P02');
      const recorded = await db.client.query(`SELECT version FROM ${where.table}`);
      expect(recorded).to.deep.equal([{ version: 1 }]);
      const side = await db.client.query(
        'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1',
        [`${data}_side`],
      );
      expect(side).to.deep.equal([]);
    });

    it('applies each migration once when two runs start at once', async () => {
      const data = uniqueTable();
      const where = target();
      const [a, b] = await Promise.all([
        runMigrations(db.client, migrationsFor(data), where),
        runMigrations(db.client, migrationsFor(data), where),
      ]);
      expect([...a, ...b].sort()).to.deep.equal([1, 2, 3]);
    });
  });
}

describe('runMigrations across processes (postgres)', () => {
  it('applies each migration once when two pools migrate one schema at once', async () => {
    const db = await drivers[0]!.open();
    const [{ schema }] = (await db.client.query<{ schema: string }>(
      'SELECT current_schema() AS schema',
    )) as [{ schema: string }];
    const clients = await Promise.all(
      [1, 2].map(() => openSqlClient({ databaseUrl: testDatabaseUrl(), schema, poolSize: 2 })),
    );
    try {
      const data = uniqueTable();
      const where = { table: uniqueTable('migrations'), lockId: 4343 };
      const results = await Promise.all(
        clients.map((client) => runMigrations(client, migrationsFor(data), where)),
      );
      expect(results.flat().sort()).to.deep.equal([1, 2, 3]);
      expect(await db.client.query(`SELECT count(*)::int AS n FROM ${data}`)).to.deep.equal([
        { n: 3 },
      ]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await db.close();
    }
  });
});
