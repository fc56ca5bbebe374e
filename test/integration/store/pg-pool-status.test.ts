import { expect } from 'chai';
import { PgSqlClient } from '../../../src/store/pg-sql-client.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';

describe('PgSqlClient.poolStatus (postgres)', function () {
  this.timeout(30_000);
  let client: PgSqlClient;
  beforeEach(async () => {
    // 5 connections: 1 pipelined for plain reads, 4 pooled.
    client = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 5 });
  });
  afterEach(() => client?.close());

  it('counts pooled connections busy and idle, and callers waiting when all are busy', async () => {
    // Opening checked the server on one pooled connection, now idle.
    expect(client.poolStatus()).to.deep.equal({
      max: 4,
      open: 1,
      idle: 1,
      waiting: 0,
      readLanes: 0,
      readsInFlight: 0,
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let began = 0;
    const transactions = Array.from({ length: 6 }, () =>
      client.transaction(async (tx) => {
        await tx.query('SELECT $1::int AS n', [1]);
        began++;
        await gate;
      }),
    );
    for (let i = 0; i < 100 && began < 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(began, 'transactions holding a connection').to.equal(4);
    expect(client.poolStatus()).to.include({ open: 4, idle: 0, waiting: 2 });
    release();
    await Promise.all(transactions);
    expect(client.poolStatus()).to.include({ open: 4, idle: 4, waiting: 0 });
  });

  it('counts the read connections open and the statements in flight on them', async () => {
    const slow = client.query('SELECT count(*) AS n FROM generate_series(1, $1::int)', [2_000_000]);
    expect(client.poolStatus()).to.include({ readsInFlight: 1 });
    await slow;
    expect(client.poolStatus()).to.include({ readLanes: 1, readsInFlight: 0 });
  });
});
