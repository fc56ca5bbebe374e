import { expect } from 'chai';
import { createServer } from 'node:net';
import pg from 'pg';
import { isPlainRead, PipelinedReads } from '../../../src/store/pg-pipeline.js';
import { PreparedStatements, type TypeParsers } from '../../../src/store/pg-query.js';
import { PgSqlClient } from '../../../src/store/pg-sql-client.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';

describe('isPlainRead', () => {
  it('takes plain SELECTs', () => {
    for (const text of [
      'SELECT a FROM t WHERE id = $1',
      '  select a from t where id = $1',
      'SELECT\n  a FROM t JOIN u ON u.id = t.id WHERE t.x = $1 ORDER BY a LIMIT $2',
    ]) {
      expect(isPlainRead(text), text).to.equal(true);
    }
  });

  it('refuses writes, row locks, server functions and anything not starting with SELECT', () => {
    for (const text of [
      'INSERT INTO t VALUES ($1)',
      'UPDATE t SET a = $1',
      'DELETE FROM t WHERE id = $1',
      'WITH gone AS (DELETE FROM t WHERE id = $1 RETURNING *) SELECT * FROM gone',
      'SELECT a FROM t WHERE id = $1 FOR UPDATE',
      'SELECT a FROM t WHERE id = $1 for no key update',
      'SELECT a FROM t WHERE id = $1 FOR SHARE',
      'SELECT a FROM t WHERE id = $1 FOR KEY SHARE SKIP LOCKED',
      'SELECT pg_advisory_lock($1)',
      'SELECT pg_notify($1, $2)',
      'SELECT pg_sleep ($1)',
      'SELECTa FROM t',
      // The test reads text, not SQL, and errs on the side of "no".
      "SELECT a FROM t WHERE note = 'not for update' AND id = $1",
    ]) {
      expect(isPlainRead(text), text).to.equal(false);
    }
  });
});

describe('SqlClient pipelined reads (postgres)', function () {
  this.timeout(30_000);
  let client: PgSqlClient;
  let admin: PgSqlClient;
  before(async () => {
    // 10 connections: 2 pipelined for plain reads, 8 pooled.
    client = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 10 });
    admin = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 1 });
  });
  after(async () => {
    await client?.close();
    await admin?.close();
  });

  // inet_client_port() tells connections apart without a server function isPlainRead refuses.
  const numbered = 'SELECT $1::int AS n, inet_client_port() AS port';
  const read = (n: number) => client.query<{ n: number; port: number | null }>(numbered, [n]);

  it('answers many concurrent reads, each with its own rows, over the two read connections', async () => {
    const numbers = Array.from({ length: 300 }, (_, i) => i);
    const results = await Promise.all(numbers.map(read));
    expect(results.map((rows) => rows[0]?.n)).to.deep.equal(numbers);
    // A pool of 8 would have spread 300 concurrent statements over all of its connections.
    const ports = new Set(results.map((rows) => rows[0]?.port));
    expect(ports.size).to.be.within(1, 2);
  });

  it('fails a failing read alone; the reads sent before and after it are answered', async () => {
    const [before, failed, after] = await Promise.allSettled([
      read(1),
      client.query('SELECT 1 / $1::int AS never', [0]),
      read(3),
    ]);
    expect(before).to.deep.include({ status: 'fulfilled' });
    expect(failed.status).to.equal('rejected');
    expect((failed as PromiseRejectedResult).reason).to.have.property('code', '22012');
    expect(after).to.deep.include({ status: 'fulfilled' });
    expect((after as PromiseFulfilledResult<{ n: number }[]>).value[0]?.n).to.equal(3);
  });

  it('sends reads past a connection whose slow statement has stalled it', async () => {
    const finished: string[] = [];
    const slow = client
      .query('SELECT count(*) AS n FROM generate_series(1, $1::int)', [10_000_000])
      .then(() => finished.push('slow'));
    // Long enough for the slow statement's connection to count as stalled (20 ms).
    await new Promise((resolve) => setTimeout(resolve, 150));
    await read(7).then(() => finished.push('quick'));
    await slow;
    expect(finished).to.deep.equal(['quick', 'slow']);
  });

  it('reopens a read connection that was terminated', async () => {
    const port = (await read(1))[0]?.port;
    const [victim] = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE client_port = $1',
      [port],
    );
    expect(victim, 'the read connection in pg_stat_activity').to.not.equal(undefined);
    await admin.query('SELECT pg_terminate_backend($1::int)', [victim?.pid]);
    // A read sent before the client hears of the loss fails; one after it is answered anew.
    let answered: { n: number; port: number | null } | undefined;
    for (let attempt = 0; attempt < 50 && answered === undefined; attempt++) {
      answered = await read(2).then(
        (rows) => rows[0],
        () => new Promise((resolve) => setTimeout(() => resolve(undefined), 20)),
      );
    }
    expect(answered?.n).to.equal(2);
    expect(answered?.port).to.not.equal(port);
  });
});

describe('SqlClient statements that may wait (postgres)', function () {
  this.timeout(30_000);
  let client: PgSqlClient;
  const table = `pipeline_locks_${process.pid}`;
  before(async () => {
    // 5 connections: 1 pipelined for plain reads, so a statement wrongly sent there would hold
    // up every read behind it.
    client = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 5 });
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    await client.query(`INSERT INTO ${table} VALUES (1)`);
  });
  after(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
    await client?.close();
  });

  it('keeps a statement waiting for a row lock off the read connection', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = client.transaction(async (tx) => {
      await tx.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [1]);
      locked();
      await held;
    });
    await lockTaken;
    const waiter = client.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [1]);
    let read: string;
    try {
      read = await Promise.race([
        client.query('SELECT $1::int AS n', [1]).then(() => 'answered'),
        new Promise<string>((resolve) => setTimeout(() => resolve('held up'), 5_000)),
      ]);
    } finally {
      release();
      await Promise.all([holder, waiter]);
    }
    expect(read).to.equal('answered');
  });
});

describe('PipelinedReads', () => {
  const typeParser = pg.types.getTypeParser.bind(pg.types) as TypeParsers;

  /** A port on 127.0.0.1 with nothing listening on it. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it('rejects reads when the server cannot be reached, and tries again on the next read', async () => {
    const port = await closedPort();
    const reads = new PipelinedReads(
      new PreparedStatements(typeParser),
      { host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 2_000 },
      1,
    );
    try {
      for (let i = 0; i < 2; i++) {
        const outcome = await reads.run('sg_unreachable', 'SELECT $1::int AS n', [i]).then(
          () => 'answered',
          (err: unknown) => (err as { code?: string }).code,
        );
        expect(outcome).to.equal('ECONNREFUSED');
      }
    } finally {
      await reads.close();
    }
  });

  it('answers the reads in flight when closed, and refuses reads afterwards', async () => {
    const reads = new PipelinedReads(
      new PreparedStatements(typeParser),
      { connectionString: testDatabaseUrl() },
      1,
    );
    const inFlight = reads.run('sg_close_test', 'SELECT $1::int AS n', [5]);
    const closing = reads.close();
    expect(await inFlight).to.deep.equal([{ n: 5 }]);
    await closing;
    const after = await reads.run('sg_close_test', 'SELECT $1::int AS n', [6]).then(
      () => 'answered',
      (err: unknown) => String(err),
    );
    expect(after).to.match(/closed/);
  });
});
