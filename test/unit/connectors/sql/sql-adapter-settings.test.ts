import { expect } from 'chai';
import { join } from 'node:path';
import { readSqlAdapterSettings } from '../../../../connectors/sql/sql-adapter-settings.js';

describe('readSqlAdapterSettings', () => {
  it('defaults to embedded PGlite under DATA_DIR/sql-adapter, 10 connections and a day of replies', () => {
    expect(readSqlAdapterSettings({}, '/var/southgate')).to.deep.equal({
      databaseUrl: undefined,
      dataDir: join('/var/southgate', 'sql-adapter'),
      schema: undefined,
      poolSize: 10,
      replyTtlMs: 86_400_000,
    });
  });

  it('uses DATABASE_URL, unless SQL_ADAPTER_DATABASE_URL names another database', () => {
    const shared = 'postgres://db/shared';
    const own = 'postgres://db/adapter';
    expect(readSqlAdapterSettings({ DATABASE_URL: shared }, 'd').databaseUrl).to.equal(shared);
    expect(
      readSqlAdapterSettings({ DATABASE_URL: shared, SQL_ADAPTER_DATABASE_URL: own }, 'd')
        .databaseUrl,
    ).to.equal(own);
    expect(readSqlAdapterSettings({ SQL_ADAPTER_DATABASE_URL: ' ' }, 'd').databaseUrl).to.equal(
      undefined,
    );
  });

  it('reads the pool size, reply lifetime and schema', () => {
    expect(
      readSqlAdapterSettings(
        {
          SQL_ADAPTER_POOL_SIZE: '32',
          SQL_ADAPTER_REPLY_TTL_SECONDS: '3600',
          SQL_ADAPTER_SCHEMA: 'core_adapter',
        },
        'd',
      ),
    ).to.deep.include({ poolSize: 32, replyTtlMs: 3_600_000, schema: 'core_adapter' });
  });

  it('throws one error naming every invalid setting', () => {
    expect(() =>
      readSqlAdapterSettings(
        {
          SQL_ADAPTER_POOL_SIZE: '0',
          SQL_ADAPTER_REPLY_TTL_SECONDS: 'a day',
          SQL_ADAPTER_SCHEMA: 'Bad-Schema',
        },
        'd',
      ),
    ).to.throw(
      Error,
      'Invalid configuration of the sql adapter: SQL_ADAPTER_SCHEMA: use a-z, 0-9 and _, at most 63 characters; ' +
        'SQL_ADAPTER_POOL_SIZE: must be a whole number from 1 to 1000; ' +
        'SQL_ADAPTER_REPLY_TTL_SECONDS: must be a whole number from 1 to 31536000',
    );
  });
});
