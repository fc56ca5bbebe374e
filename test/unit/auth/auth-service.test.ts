import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'chai';
import { AuthService } from '../../../src/auth/auth-service.js';
import { PasswordHasher } from '../../../src/auth/password-hasher.js';
import { TokenService } from '../../../src/auth/token-service.js';
import {
  expectObpError,
  openAuthFixture,
  strongPassword,
  testScryptCost,
  uniqueUsername,
  type AuthFixture,
} from './auth-fixture.js';

function loginHeaders(
  username: string,
  password: string,
  consumerKey: string,
): IncomingHttpHeaders {
  return {
    directlogin: `username=${username}, password="${password}", consumer_key=${consumerKey}`,
  };
}

function tokenHeaders(token: string): IncomingHttpHeaders {
  return { directlogin: `token=${token}` };
}

describe('AuthService', () => {
  let fixture: AuthFixture;
  let consumerKey: string;

  before(async () => {
    fixture = await openAuthFixture({ maxBadLoginAttempts: 3 });
    consumerKey = (await fixture.consumers.createConsumer({ name: 'test app' })).key;
  });
  after(() => fixture.close());

  async function newUser(): Promise<{ userId: string; username: string }> {
    const user = await fixture.users.createUser({
      username: uniqueUsername(),
      email: 'someone@example.com',
      password: strongPassword,
      firstName: 'Some',
      lastName: 'One',
    });
    return { userId: user.userId, username: user.username };
  }

  describe('login', () => {
    it('returns a token that authenticates the user, and records it', async () => {
      const user = await newUser();
      const { token } = await fixture.auth.login(
        loginHeaders(user.username, strongPassword, consumerKey),
      );
      const principal = fixture.auth.authenticate(tokenHeaders(token));
      expect(principal).to.include({ userId: user.userId, username: user.username });
      const rows = await fixture.sql.query('SELECT token_id FROM tokens WHERE token_id = $1', [
        principal?.tokenId,
      ]);
      expect(rows).to.have.length(1);
    });

    it('accepts the deprecated Authorization header', async () => {
      const user = await newUser();
      const { token } = await fixture.auth.login({
        authorization: `DirectLogin username=${user.username}, password="${strongPassword}", consumer_key=${consumerKey}`,
      });
      expect(token.split('.')).to.have.length(3);
    });

    it('answers 400 OBP-20082 without credentials', async () => {
      await expectObpError(() => fixture.auth.login({}), 'OBP-20082', 400);
    });

    it('answers 401 OBP-20008 for an unknown consumer key', async () => {
      const user = await newUser();
      await expectObpError(
        () => fixture.auth.login(loginHeaders(user.username, strongPassword, 'nope')),
        'OBP-20008',
        401,
      );
    });

    it('answers 401 OBP-20058 for a disabled consumer', async () => {
      const user = await newUser();
      const { consumer, key } = await fixture.consumers.createConsumer({ name: 'disabled app' });
      await fixture.consumers.disableConsumer(consumer.consumerId);
      await expectObpError(
        () => fixture.auth.login(loginHeaders(user.username, strongPassword, key)),
        'OBP-20058',
        401,
      );
    });

    it('answers 401 OBP-20004 for a wrong password and for an unknown user alike', async () => {
      const user = await newUser();
      const wrong = await expectObpError(
        () => fixture.auth.login(loginHeaders(user.username, 'Wrong!Passw0rd', consumerKey)),
        'OBP-20004',
        401,
      );
      const unknown = await expectObpError(
        () =>
          fixture.auth.login(loginHeaders(uniqueUsername('ghost'), strongPassword, consumerKey)),
        'OBP-20004',
        401,
      );
      expect(unknown.message).to.equal(wrong.message);
    });

    it('locks the user after maxBadLoginAttempts failures: 401 OBP-20013 even with the right password', async () => {
      const user = await newUser();
      for (let i = 0; i < 3; i++) {
        await expectObpError(
          () => fixture.auth.login(loginHeaders(user.username, 'Wrong!Passw0rd', consumerKey)),
          'OBP-20004',
          401,
        );
      }
      await expectObpError(
        () => fixture.auth.login(loginHeaders(user.username, strongPassword, consumerKey)),
        'OBP-20013',
        401,
      );
      expect(await fixture.users.unlock(user.username)).to.be.true;
      await fixture.auth.login(loginHeaders(user.username, strongPassword, consumerKey));
    });

    it('counts only consecutive failures: a success resets the count', async () => {
      const user = await newUser();
      const fail = () =>
        expectObpError(
          () => fixture.auth.login(loginHeaders(user.username, 'Wrong!Passw0rd', consumerKey)),
          'OBP-20004',
          401,
        );
      await fail();
      await fail();
      await fixture.auth.login(loginHeaders(user.username, strongPassword, consumerKey));
      await fail();
      await fail();
      await fixture.auth.login(loginHeaders(user.username, strongPassword, consumerKey));
    });

    it('re-hashes a password stored with other scrypt parameters on successful login', async () => {
      const user = await newUser();
      const old = await new PasswordHasher({ logN: 5, r: 8, p: 1 }).hash(strongPassword);
      await fixture.store.users.setPasswordHash(user.userId, old);
      await fixture.auth.login(loginHeaders(user.username, strongPassword, consumerKey));
      const stored = await fixture.store.users.findById(user.userId);
      expect(stored?.passwordHash).to.match(/^\$scrypt\$ln=4,/);
    });
  });

  describe('authenticate', () => {
    let user: { userId: string; username: string };
    before(async () => {
      user = await newUser();
    });

    const login = async () =>
      (await fixture.auth.login(loginHeaders(user.username, strongPassword, consumerKey))).token;

    it('is null for a request without DirectLogin credentials', () => {
      expect(fixture.auth.authenticate({})).to.equal(null);
      expect(fixture.auth.authenticate({ authorization: 'Bearer abc' })).to.equal(null);
    });

    it('returns the principal of a valid token, from either header', async () => {
      const token = await login();
      const principal = fixture.auth.authenticate(tokenHeaders(token));
      expect(principal).to.include({ userId: user.userId, username: user.username });
      expect(
        fixture.auth.authenticate({ authorization: `DirectLogin token=${token}` }),
      ).to.deep.equal(principal);
    });

    it('answers 401 OBP-20003 for an invalid token, echoing at most 64 characters of it', async () => {
      const garbage = 'x'.repeat(100);
      const error = await expectObpError(
        () => fixture.auth.authenticate(tokenHeaders(garbage)),
        'OBP-20003',
        401,
      );
      expect(error.message).to.equal(
        `OBP-20003: This DirectLogin token is invalid or expired: ${'x'.repeat(64)}`,
      );
    });

    it('answers 401 OBP-20003 for an expired token', async () => {
      let now = Date.now();
      const tokens = new TokenService({
        secret: await fixture.store.tokenSigningSecret(),
        ttlMs: 60_000,
        now: () => now,
      });
      const auth = new AuthService({
        store: fixture.store,
        tokens,
        hasher: new PasswordHasher(testScryptCost),
      });
      const { token } = await auth.login(loginHeaders(user.username, strongPassword, consumerKey));
      expect(auth.authenticate(tokenHeaders(token))).not.to.equal(null);
      now += 60_000;
      await expectObpError(() => auth.authenticate(tokenHeaders(token)), 'OBP-20003', 401);
    });

    it('answers 401 OBP-20003 for a token revoked through this instance, at once', async () => {
      const token = await login();
      const principal = fixture.auth.authenticate(tokenHeaders(token));
      expect(await fixture.auth.revokeToken(principal?.tokenId ?? '')).to.be.true;
      await expectObpError(() => fixture.auth.authenticate(tokenHeaders(token)), 'OBP-20003', 401);
      await fixture.auth.refreshRevocations();
      await expectObpError(() => fixture.auth.authenticate(tokenHeaders(token)), 'OBP-20003', 401);
    });

    it('revokes all tokens of a user', async () => {
      const first = await login();
      const second = await login();
      expect(await fixture.auth.revokeUserTokens(user.userId)).to.be.at.least(2);
      for (const token of [first, second]) {
        await expectObpError(
          () => fixture.auth.authenticate(tokenHeaders(token)),
          'OBP-20003',
          401,
        );
      }
      expect(fixture.auth.authenticate(tokenHeaders(await login()))).not.to.equal(null);
    });

    it('sees revocations made by another instance after refreshRevocations', async () => {
      const other = new AuthService({
        store: fixture.store,
        tokens: new TokenService({ secret: await fixture.store.tokenSigningSecret() }),
        hasher: new PasswordHasher(testScryptCost),
      });
      const token = await login();
      const principal = fixture.auth.authenticate(tokenHeaders(token));
      expect(other.authenticate(tokenHeaders(token))).to.deep.equal(principal);
      await fixture.auth.revokeToken(principal?.tokenId ?? '');
      expect(other.authenticate(tokenHeaders(token))).not.to.equal(null);
      await other.refreshRevocations();
      await expectObpError(() => other.authenticate(tokenHeaders(token)), 'OBP-20003', 401);
    });
  });
});
