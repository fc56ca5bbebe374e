import { expect } from 'chai';
import { SqlDatabase } from '../../../../connectors/sql/sql-database.js';
import { SqlIdempotencyStore } from '../../../../connectors/sql/sql-idempotency-store.js';
import { AdapterError, type SqlClient } from '../../../../src/adapter/index.js';

/** A client whose server cannot be reached: what pg raises when nothing listens. */
function unreachable(): SqlClient {
  const refused = (): Promise<never> =>
    Promise.reject(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    );
  return {
    dialect: 'postgres',
    query: refused,
    transaction: refused,
    close: () => Promise.resolve(),
  };
}

describe('SqlIdempotencyStore', () => {
  it('lets the handler answer a retriable OBP-50003 when the database is down, and runs it once', async () => {
    // Transactions fail (the store's bookkeeping cannot run) while a lone statement would
    // still pass: the handler must get a database that fails too, not the pool.
    const client = { ...unreachable(), query: () => Promise.resolve([]) };
    const db = new SqlDatabase(client);
    const store = new SqlIdempotencyStore(db);
    const seen: unknown[] = [];
    const reply = await store.once('message-1', async () => {
      const scope = store.scopeOf('message-1');
      expect(scope).to.not.equal(undefined);
      seen.push(
        await (scope ?? db).query('SELECT 1').then(
          () => 'ran',
          (err: unknown) => err,
        ),
      );
      return { value: Buffer.from('unavailable'), succeeded: false, final: false };
    });
    expect(reply.value.toString()).to.equal('unavailable');
    expect(seen).to.have.length(1);
    expect(seen[0]).to.be.instanceOf(AdapterError);
    expect((seen[0] as AdapterError).errorName).to.equal('AdapterOrCoreBankingSystemException');
    expect(store.scopeOf('message-1')).to.equal(undefined);
  });
});
