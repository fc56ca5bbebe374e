import { expect } from 'chai';
import pg from 'pg';
import { PgSqlClient } from '../../../src/store/pg-sql-client.js';
import type { SqlTransaction } from '../../../src/store/sql-client.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';
import { drivers, uniqueTable, type DriverDatabase } from './store-drivers.js';

for (const driver of drivers) {
  describe(`SqlClient (${driver.name})`, () => {
    let db: DriverDatabase;
    before(async () => {
      db = await driver.open();
    });
    after(() => db?.close());

    async function newTable(): Promise<string> {
      const table = uniqueTable();
      await db.client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text)`);
      return table;
    }

    it(`reports dialect ${driver.name}`, () => {
      expect(db.client.dialect).to.equal(driver.name);
    });

    it('binds parameters and parses column types the same way on both drivers', async () => {
      const [row] = await db.client.query(
        `SELECT $1::int AS int4, $2::text AS text, 42::int8 AS int8, 1.50::numeric AS numeric,
                true AS bool, '{"a":[1]}'::jsonb AS jsonb,
                '2024-02-03T04:05:06.789Z'::timestamptz AS ts, NULL::text AS nothing`,
        [7, "it's"],
      );
      expect(row).to.deep.equal({
        int4: 7,
        text: "it's",
        int8: 42,
        numeric: '1.50',
        bool: true,
        jsonb: { a: [1] },
        ts: new Date('2024-02-03T04:05:06.789Z'),
        nothing: null,
      });
    });

    it('round-trips a Date parameter into timestamptz', async () => {
      const when = new Date('2030-12-31T23:59:59.123Z');
      const [row] = await db.client.query<{ ts: Date }>('SELECT $1::timestamptz AS ts', [when]);
      expect(row?.ts).to.be.instanceOf(Date);
      expect(row?.ts.getTime()).to.equal(when.getTime());
    });

    it('refuses an int8 a number cannot hold instead of rounding it', async () => {
      let error: unknown;
      try {
        await db.client.query('SELECT 9007199254740993::int8 AS big');
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(RangeError);
      const [row] = await db.client.query('SELECT 9007199254740993::int8::text AS big');
      expect(row).to.deep.equal({ big: '9007199254740993' });
    });

    it('runs several statements without parameters and returns the last rows', async () => {
      const rows = await db.client.query('SELECT 1 AS a; SELECT 2 AS b');
      expect(rows).to.deep.equal([{ b: 2 }]);
    });

    it('rejects with the SQLSTATE in code', async () => {
      const table = await newTable();
      await db.client.query(`INSERT INTO ${table} VALUES (1, 'a')`);
      let error: unknown;
      try {
        await db.client.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'b']);
      } catch (err) {
        error = err;
      }
      expect(error).to.have.property('code', '23505');
    });

    it('commits a transaction and returns its result', async () => {
      const table = await newTable();
      const result = await db.client.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'one']);
        return 'done';
      });
      expect(result).to.equal('done');
      expect(await db.client.query(`SELECT label FROM ${table}`)).to.deep.equal([{ label: 'one' }]);
    });

    it('rolls a transaction back when the callback throws, and rethrows', async () => {
      const table = await newTable();
      const failure = new Error('boom');
      let caught: unknown;
      try {
        await db.client.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'one']);
          throw failure;
        });
      } catch (err) {
        caught = err;
      }
      expect(caught).to.equal(failure);
      expect(await db.client.query(`SELECT * FROM ${table}`)).to.deep.equal([]);
    });

    it('rolls back after a failed statement and stays usable', async () => {
      const table = await newTable();
      let caught: unknown;
      try {
        await db.client.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'one']);
          await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'dup']);
        });
      } catch (err) {
        caught = err;
      }
      expect(caught).to.have.property('code', '23505');
      expect(await db.client.query(`SELECT * FROM ${table}`)).to.deep.equal([]);
      await db.client.query(`INSERT INTO ${table} VALUES (2, 'two')`);
    });

    it('commits with queryAndCommit and returns its rows', async () => {
      const table = await newTable();
      const result = await db.client.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'one']);
        return tx.queryAndCommit(`INSERT INTO ${table} VALUES ($1, $2) RETURNING id`, [2, 'two']);
      });
      expect(result).to.deep.equal([{ id: 2 }]);
      expect(await db.client.query(`SELECT id FROM ${table} ORDER BY id`)).to.deep.equal([
        { id: 1 },
        { id: 2 },
      ]);
    });

    it('commits nothing when the statement of queryAndCommit fails, even if the callback swallows it', async () => {
      const table = await newTable();
      for (const swallow of [false, true]) {
        let caught: unknown;
        try {
          await db.client.transaction(async (tx) => {
            await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'one']);
            const last = tx.queryAndCommit(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'dup']);
            if (swallow) await last.catch(() => undefined);
            else await last;
          });
        } catch (err) {
          caught = err;
        }
        expect(caught, `swallowed: ${swallow}`).to.have.property('code', '23505');
        expect(await db.client.query(`SELECT * FROM ${table}`)).to.deep.equal([]);
      }
    });

    it('commits nothing when the commit of queryAndCommit fails', async () => {
      const table = uniqueTable();
      await db.client.query(
        `CREATE TABLE ${table} (id int, UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)`,
      );
      let caught: unknown;
      try {
        await db.client.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} VALUES ($1)`, [1]);
          // Checked only at COMMIT: the statement succeeds, the commit fails.
          await tx.queryAndCommit(`INSERT INTO ${table} VALUES ($1)`, [1]);
        });
      } catch (err) {
        caught = err;
      }
      expect(caught).to.have.property('code', '23505');
      expect(await db.client.query(`SELECT * FROM ${table}`)).to.deep.equal([]);
      await db.client.query(`INSERT INTO ${table} VALUES ($1)`, [2]);
    });

    it('ends the transaction with queryAndCommit: no statement after it, none inside a savepoint', async () => {
      const table = await newTable();
      const outcomes: string[] = [];
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => 'ran',
          (err: unknown) => (err as Error).message,
        );
      await db.client.transaction(async (tx) => {
        outcomes.push(
          await outcome(
            tx.transaction((inner) => inner.queryAndCommit(`INSERT INTO ${table} VALUES (1, 'a')`)),
          ),
        );
        await tx.queryAndCommit(`INSERT INTO ${table} VALUES ($1, $2)`, [2, 'b']);
        outcomes.push(await outcome(tx.query(`INSERT INTO ${table} VALUES (3, 'c')`)));
      });
      expect(outcomes[0]).to.match(/nested/);
      expect(outcomes[1]).to.match(/ended/);
      expect(await db.client.query(`SELECT id FROM ${table}`)).to.deep.equal([{ id: 2 }]);
    });

    it('nests a transaction as a savepoint', async () => {
      const table = await newTable();
      await db.client.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (1, 'outer')`);
        try {
          await tx.transaction(async (inner) => {
            await inner.query(`INSERT INTO ${table} VALUES (2, 'inner')`);
            throw new Error('inner fails');
          });
        } catch {
          // the inner part is undone, the outer goes on
        }
      });
      expect(await db.client.query(`SELECT id FROM ${table}`)).to.deep.equal([{ id: 1 }]);
    });

    it('refuses a transaction client used after its transaction ended', async () => {
      let leaked: { query(text: string): Promise<unknown> } | undefined;
      await db.client.transaction(async (tx) => {
        leaked = tx;
        await tx.query('SELECT 1');
      });
      let caught: unknown;
      try {
        await leaked?.query('SELECT 1');
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(Error).with.property('message').that.matches(/ended/);
    });

    it('keeps uncommitted rows invisible to queries outside the transaction', async () => {
      const table = await newTable();
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted: () => void = () => undefined;
      const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
      const transaction = db.client.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (1, 'pending')`);
        inserted();
        await held;
      });
      await insertedSignal;
      // On PGlite this query waits for the transaction; on PostgreSQL it runs beside it.
      const outside = db.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      const seen = await Promise.race([
        outside.then((rows) => rows[0]?.n),
        new Promise((resolve) => setTimeout(() => resolve('waiting'), 100)),
      ]);
      release();
      await transaction;
      if (driver.name === 'pglite') {
        expect(seen).to.equal('waiting');
        expect((await outside)[0]?.n).to.equal(1);
      } else {
        expect(seen).to.equal(0);
      }
    });

    if (driver.name === 'pglite') {
      it('throws instead of deadlocking when a callback uses the outer client', async () => {
        let caught: unknown;
        try {
          await db.client.transaction(() => db.client.query('SELECT 1'));
        } catch (err) {
          caught = err;
        }
        expect(caught)
          .to.be.instanceOf(Error)
          .with.property('message')
          .that.matches(/tx argument/);
      });

      it('serializes concurrent transactions', async () => {
        const table = await newTable();
        const order: string[] = [];
        const run = (name: string, id: number) =>
          db.client.transaction(async (tx) => {
            order.push(`${name} begin`);
            await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [id, name]);
            await new Promise((resolve) => setTimeout(resolve, 20));
            order.push(`${name} end`);
          });
        await Promise.all([run('a', 1), run('b', 2)]);
        expect(order).to.deep.equal(['a begin', 'a end', 'b begin', 'b end']);
      });
    }
  });
}

describe('SqlClient schemas (postgres)', () => {
  it('isolates clients opened on different schemas', async () => {
    const [first, second] = [await drivers[0]!.open(), await drivers[0]!.open()];
    try {
      await first.client.query('CREATE TABLE isolated (id int)');
      await first.client.query('INSERT INTO isolated VALUES (1)');
      await second.client.query('CREATE TABLE isolated (id int)');
      expect(await second.client.query('SELECT * FROM isolated')).to.deep.equal([]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('SqlClient transaction round trips (postgres)', () => {
  let client: PgSqlClient;
  let table: string;
  /** The simple-protocol statements (BEGIN, COMMIT, ROLLBACK, …) sent while `fn` runs. */
  async function simpleStatementsOf(fn: () => Promise<unknown>): Promise<string[]> {
    const prototype = (
      pg as unknown as { Connection: { prototype: { query: (this: unknown, t: string) => void } } }
    ).Connection.prototype;
    const original = prototype.query;
    const sent: string[] = [];
    prototype.query = function (this: unknown, text: string) {
      sent.push(text);
      original.call(this, text);
    };
    try {
      await fn();
    } finally {
      prototype.query = original;
    }
    return sent;
  }
  const insert = (tx: SqlTransaction, id: number) =>
    tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [id, 'x']);
  const insertAndCommit = (tx: SqlTransaction, id: number) =>
    tx.queryAndCommit(`INSERT INTO ${table} VALUES ($1, $2)`, [id, 'x']);

  before(async () => {
    // Two connections: one for plain reads, so every transaction takes the same other one.
    client = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 2 });
    table = uniqueTable('round_trips');
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text)`);
    // Parses both statements on that connection.
    await client.transaction(async (tx) => {
      await insert(tx, 1);
      await insertAndCommit(tx, 2);
    });
  });
  after(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
    await client?.close();
  });

  it('sends BEGIN with the first statement and COMMIT with queryAndCommit', async () => {
    const sent = await simpleStatementsOf(() =>
      client.transaction(async (tx) => {
        await insert(tx, 3);
        await insertAndCommit(tx, 4);
      }),
    );
    expect(sent).to.deep.equal([]);
    const afterReturn = await simpleStatementsOf(() => client.transaction((tx) => insert(tx, 5)));
    expect(afterReturn).to.deep.equal(['COMMIT']);
    const ids = await client.query(`SELECT id FROM ${table} WHERE id > $1 ORDER BY id`, [2]);
    expect(ids).to.deep.equal([{ id: 3 }, { id: 4 }, { id: 5 }]);
  });

  it('leaves no transaction open when the first statement, sent with BEGIN, fails', async () => {
    let caught: unknown;
    const sent = await simpleStatementsOf(async () => {
      try {
        await client.transaction((tx) => insert(tx, 1));
      } catch (err) {
        caught = err;
      }
    });
    expect(caught).to.have.property('code', '23505');
    expect(sent).to.deep.equal(['ROLLBACK']);
    // On the same connection, a new transaction commits normally.
    await client.transaction((tx) => insertAndCommit(tx, 6));
    expect(await client.query(`SELECT id FROM ${table} WHERE id = $1`, [6])).to.deep.equal([
      { id: 6 },
    ]);
  });
});

describe('SqlClient connections (postgres)', () => {
  let client: PgSqlClient;
  let admin: PgSqlClient;
  before(async () => {
    // One connection, so "the same connection" is observable through its backend pid.
    client = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 1 });
    admin = await PgSqlClient.open({ databaseUrl: testDatabaseUrl(), poolSize: 1 });
  });
  after(async () => {
    await client?.close();
    await admin?.close();
  });

  const backendPid = async (): Promise<number> =>
    (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid WHERE $1', [true]))[0]
      ?.pid ?? 0;

  it('keeps the connection after a statement the server refuses', async () => {
    const before = await backendPid();
    let error: unknown;
    try {
      await client.query('SELECT 1 / $1::int AS never', [0]);
    } catch (err) {
      error = err;
    }
    expect((error as { code?: string }).code).to.equal('22012');
    expect(await backendPid()).to.equal(before);
  });

  it('survives its connection being terminated inside a transaction, then reconnects', async () => {
    const victim = await backendPid();
    let error: unknown;
    try {
      await client.transaction(async (tx) => {
        await tx.query('SELECT 1 AS one WHERE $1', [true]);
        await admin.query('SELECT pg_terminate_backend($1::int)', [victim]);
        await tx.query('SELECT pg_sleep(0.2) WHERE $1', [true]);
      });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    // A process that got here did not crash on the dead connection's error event.
    const replacement = await backendPid();
    expect(replacement).to.be.a('number').and.not.equal(victim);
  });

  it('survives its connection being terminated during a query, then reconnects', async () => {
    const victim = await backendPid();
    const slow = client.query('SELECT pg_sleep(5) WHERE $1', [true]).then(
      () => undefined,
      (err: unknown) => err,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await admin.query('SELECT pg_terminate_backend($1::int)', [victim]);
    expect(await slow).to.be.instanceOf(Error);
    expect(await backendPid()).to.not.equal(victim);
  });

  it('parses rows of one statement the same on every execution and connection', async () => {
    const text = `SELECT $1::int AS n, $2::text AS t, NULL::date AS d`;
    const rows = await Promise.all([1, 2, 3].map((n) => client.query(text, [n, `v${n}`])));
    expect(rows).to.deep.equal([1, 2, 3].map((n) => [{ n, t: `v${n}`, d: null }]));
  });
});
