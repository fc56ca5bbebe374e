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
    const db = new SqlDatabase(unreachable());
    const store = new SqlIdempotencyStore(db);
    const seen: unknown[] = [];
    const reply = await store.once('message-1', async () => {
      seen.push(
        await db.query('SELECT 1').then(
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
  });
});
