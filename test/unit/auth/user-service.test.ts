import { expect } from 'chai';
import {
  expectObpError,
  openAuthFixture,
  strongPassword,
  uniqueUsername,
  type AuthFixture,
} from './auth-fixture.js';

describe('UserService', () => {
  let fixture: AuthFixture;
  before(async () => {
    fixture = await openAuthFixture();
  });
  after(() => fixture.close());

  const input = (username = uniqueUsername()) => ({
    username,
    email: 'ada@example.com',
    password: strongPassword,
    firstName: 'Ada',
    lastName: 'Lovelace',
  });

  it('creates a user with a UUID, a local provider and no password hash in sight', async () => {
    const user = await fixture.users.createUser(input());
    expect(user.userId).to.match(/^[0-9a-f-]{36}$/);
    expect(user).to.include({ provider: 'southgate', isSuperAdmin: false, locked: false });
    expect(user.createdAt).to.be.instanceOf(Date);
    expect(user).not.to.have.property('passwordHash');
    expect(await fixture.users.getUser(user.userId)).to.deep.equal(user);
    expect(await fixture.users.findByUsername(user.username)).to.deep.equal(user);
    expect(await fixture.users.checkPassword(user.userId, strongPassword)).to.be.true;
  });

  it('stores only a hash of the password', async () => {
    const user = await fixture.users.createUser(input());
    const [row] = await fixture.sql.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE user_id = $1',
      [user.userId],
    );
    expect(row?.password_hash).to.match(/^\$scrypt\$/);
    expect(row?.password_hash).not.to.contain(strongPassword);
  });

  it('answers 400 OBP-10001 for a username outside 1–100 of [A-Za-z0-9._@+-]', async () => {
    for (const username of ['', 'has space', 'a'.repeat(101), 'semi;colon']) {
      await expectObpError(() => fixture.users.createUser(input(username)), 'OBP-10001', 400);
    }
  });

  it('answers 400 OBP-10001 for a malformed email', async () => {
    await expectObpError(
      () => fixture.users.createUser({ ...input(), email: 'not-an-email' }),
      'OBP-10001',
      400,
    );
  });

  it('answers 400 OBP-30207 for a weak password', async () => {
    await expectObpError(
      () => fixture.users.createUser({ ...input(), password: 'password1' }),
      'OBP-30207',
      400,
    );
  });

  it('answers 409 OBP-20258 for a taken username, also when two creations race', async () => {
    const username = uniqueUsername();
    await fixture.users.createUser(input(username));
    await expectObpError(() => fixture.users.createUser(input(username)), 'OBP-20258', 409);

    const racing = uniqueUsername();
    const results = await Promise.allSettled([
      fixture.users.createUser(input(racing)),
      fixture.users.createUser(input(racing)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    const rejected = results.find((r) => r.status === 'rejected');
    await expectObpError(
      () => Promise.reject((rejected as PromiseRejectedResult).reason as Error),
      'OBP-20258',
      409,
    );
  });

  it('answers 404 OBP-20005 for an unknown user id', async () => {
    await expectObpError(() => fixture.users.getUser('nobody'), 'OBP-20005', 404);
    await expectObpError(() => fixture.users.setSuperAdmin('nobody', true), 'OBP-20005', 404);
    expect(await fixture.users.findByUsername('nobody-at-all')).to.equal(undefined);
  });

  it('sets and clears the super-admin flag', async () => {
    const user = await fixture.users.createUser(input());
    await fixture.users.setSuperAdmin(user.userId, true);
    expect((await fixture.users.getUser(user.userId)).isSuperAdmin).to.be.true;
    await fixture.users.setSuperAdmin(user.userId, false);
    expect((await fixture.users.getUser(user.userId)).isSuperAdmin).to.be.false;
  });

  it('changes a password only to a strong one', async () => {
    const user = await fixture.users.createUser(input());
    await expectObpError(() => fixture.users.setPassword(user.userId, 'weak'), 'OBP-30207', 400);
    await fixture.users.setPassword(user.userId, 'An0ther!Passw0rd');
    expect(await fixture.users.checkPassword(user.userId, 'An0ther!Passw0rd')).to.be.true;
    expect(await fixture.users.checkPassword(user.userId, strongPassword)).to.be.false;
  });

  it('unlocks a locked user; false for an unknown username', async () => {
    const user = await fixture.users.createUser(input());
    await fixture.store.users.recordFailedLogin(user.userId, 1);
    expect((await fixture.users.getUser(user.userId)).locked).to.be.true;
    expect(await fixture.users.unlock(user.username)).to.be.true;
    expect((await fixture.users.getUser(user.userId)).locked).to.be.false;
    expect(await fixture.users.unlock('nobody-at-all')).to.be.false;
  });
});
