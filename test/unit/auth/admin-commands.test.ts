import { expect } from 'chai';
import {
  createConsumer,
  createUser,
  grantRole,
  listEntitlements,
  revokeTokens,
  unlockUser,
} from '../../../src/auth/admin-commands.js';
import {
  expectObpError,
  openAuthFixture,
  strongPassword,
  uniqueUsername,
  type AuthFixture,
} from './auth-fixture.js';

describe('admin commands', () => {
  let fixture: AuthFixture;
  before(async () => {
    fixture = await openAuthFixture();
  });
  after(() => fixture.close());

  const newUser = () =>
    createUser(fixture, {
      username: uniqueUsername('op'),
      email: 'op@example.com',
      password: strongPassword,
      firstName: 'Op',
      lastName: 'Erator',
    });

  it('createConsumer returns the key to show once', async () => {
    const created = await createConsumer(fixture, { name: 'cli app' });
    expect(created.key).to.match(/^[A-Za-z0-9]{40}$/);
    expect(created.name).to.equal('cli app');
  });

  it('grantRole and listEntitlements work by username', async () => {
    const user = await newUser();
    const granted = await grantRole(fixture, {
      username: user.username,
      roleName: 'CanGetCustomer',
      bankId: 'bank-a',
    });
    expect(granted).to.include({
      username: user.username,
      roleName: 'CanGetCustomer',
      bankId: 'bank-a',
    });
    const listed = await listEntitlements(fixture, user.username);
    expect(listed.map((e) => e.roleName)).to.deep.equal(['CanGetCustomer']);
  });

  it('unlockUser unlocks; 404 OBP-20027 for an unknown username', async () => {
    const user = await newUser();
    await fixture.store.users.recordFailedLogin(user.userId, 1);
    expect(await unlockUser(fixture, user.username)).to.deep.equal({
      username: user.username,
      unlocked: true,
    });
    await expectObpError(() => unlockUser(fixture, 'no-such-user'), 'OBP-20027', 404);
    await expectObpError(() => listEntitlements(fixture, 'no-such-user'), 'OBP-20027', 404);
  });

  it('revokeTokens revokes every token of the user', async () => {
    const user = await newUser();
    const { key } = await createConsumer(fixture, { name: 'revoking app' });
    const { token } = await fixture.auth.login({
      directlogin: `username=${user.username}, password="${strongPassword}", consumer_key=${key}`,
    });
    expect(await revokeTokens(fixture, user.username)).to.deep.equal({
      username: user.username,
      revoked: 1,
    });
    await expectObpError(
      () => fixture.auth.authenticate({ directlogin: `token=${token}` }),
      'OBP-20003',
      401,
    );
  });
});
