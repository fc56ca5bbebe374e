import { expect } from 'chai';
import { hashConsumerKey } from '../../../src/auth/consumer-key.js';
import { expectObpError, openAuthFixture, type AuthFixture } from './auth-fixture.js';

describe('ConsumerService', () => {
  let fixture: AuthFixture;
  before(async () => {
    fixture = await openAuthFixture();
  });
  after(() => fixture.close());

  it('generates a 40-character alphanumeric key and returns it once', async () => {
    const { consumer, key } = await fixture.consumers.createConsumer({ name: 'My App' });
    expect(key).to.match(/^[A-Za-z0-9]{40}$/);
    expect(consumer).to.include({ name: 'My App', enabled: true });
    expect(consumer).not.to.have.property('keyHash');
    expect(await fixture.consumers.findByKey(key)).to.deep.equal(consumer);
  });

  it('stores only the SHA-256 of the key', async () => {
    const { consumer, key } = await fixture.consumers.createConsumer({ name: 'Hashed' });
    const rows = await fixture.sql.query<Record<string, unknown>>(
      'SELECT * FROM consumers WHERE consumer_id = $1',
      [consumer.consumerId],
    );
    expect(rows[0]?.key_hash).to.equal(hashConsumerKey(key));
    expect(Object.values(rows[0] ?? {})).not.to.include(key);
  });

  it('accepts a chosen key of 1–512 letters and digits', async () => {
    const { key } = await fixture.consumers.createConsumer({ name: 'Chosen', key: 'abcDEF123' });
    expect(key).to.equal('abcDEF123');
  });

  it('answers 400 OBP-30024 for an invalid, duplicate or nameless consumer', async () => {
    for (const key of ['has space', 'dash-ed', 'a'.repeat(513)]) {
      await expectObpError(
        () => fixture.consumers.createConsumer({ name: 'Bad', key }),
        'OBP-30024',
        400,
      );
    }
    await fixture.consumers.createConsumer({ name: 'First', key: 'takenKey1' });
    await expectObpError(
      () => fixture.consumers.createConsumer({ name: 'Second', key: 'takenKey1' }),
      'OBP-30024',
      400,
    );
    await expectObpError(() => fixture.consumers.createConsumer({ name: '  ' }), 'OBP-30024', 400);
  });

  it('disables and re-enables a consumer', async () => {
    const { consumer, key } = await fixture.consumers.createConsumer({ name: 'Toggled' });
    expect(await fixture.consumers.disableConsumer(consumer.consumerId)).to.be.true;
    expect((await fixture.consumers.findByKey(key))?.enabled).to.be.false;
    expect(await fixture.consumers.enableConsumer(consumer.consumerId)).to.be.true;
    expect((await fixture.consumers.findByKey(key))?.enabled).to.be.true;
    expect(await fixture.consumers.disableConsumer('nope')).to.be.false;
  });
});
