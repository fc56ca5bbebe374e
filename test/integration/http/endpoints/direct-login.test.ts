import { expect } from 'chai';
import {
  startTestGateway,
  testPassword,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { expectObpError, expectSuccess } from './obp-assertions.js';

/** `POST /my/logins/direct` (no version prefix) and the use of its token, spec §5.1. */
describe('POST /my/logins/direct (DirectLogin)', () => {
  let gateway: TestGateway;
  let user: TestUser;

  before(async () => {
    gateway = await startTestGateway();
    user = await gateway.user();
  });

  after(() => gateway.close());

  const credentials = (overrides: { username?: string; password?: string; key?: string } = {}) =>
    `username=${overrides.username ?? user.username}, password=${overrides.password ?? testPassword}, consumer_key=${overrides.key ?? gateway.consumerKey}`;

  const login = (header: string, value: string) =>
    gateway
      .http()
      .post('/my/logins/direct')
      .set('Content-Type', 'application/json')
      .set(header, value);

  /** Asserts a 201 {token} and returns the token. */
  function expectToken(res: Awaited<ReturnType<typeof login>>): string {
    const body = expectSuccess<{ token: string }>(res, 201);
    expect(Object.keys(body)).to.deep.equal(['token']);
    expect(body.token).to.be.a('string').and.not.equal('');
    return body.token;
  }

  const currentUser = (header: string, value: string) =>
    gateway.http().get('/obp/v5.1.0/users/current').set(header, value);

  describe('getting a token', () => {
    it('answers 201 {token} to the DirectLogin header', async () => {
      expectToken(await login('DirectLogin', credentials()));
    });

    it('answers 201 {token} to the deprecated Authorization: DirectLogin header', async () => {
      expectToken(await login('Authorization', `DirectLogin ${credentials()}`));
    });

    it('strips surrounding quotes from values', async () => {
      const quoted = `username="${user.username}", password="${testPassword}", consumer_key="${gateway.consumerKey}"`;
      expectToken(await login('DirectLogin', quoted));
      expectToken(await login('Authorization', `DirectLogin ${quoted}`));
    });

    it('answers 400 OBP-20082 without either header', async () => {
      const res = await gateway.http().post('/my/logins/direct');
      expectObpError(res, 400, 'OBP-20082');
    });

    it('answers 400 OBP-20083 for an Authorization header of another scheme', async () => {
      expectObpError(await login('Authorization', 'Bearer abc.def.ghi'), 400, 'OBP-20083');
    });

    it('answers 400 OBP-20002 listing the missing parameters', async () => {
      const res = await login('DirectLogin', `username=${user.username}`);
      expect(expectObpError(res, 400, 'OBP-20002')).to.equal(
        'OBP-20002: These DirectLogin parameters are missing: password, consumer_key',
      );
    });

    it('answers 400 OBP-20012 for an unknown parameter', async () => {
      const res = await login('DirectLogin', `${credentials()}, colour=blue`);
      expectObpError(res, 400, 'OBP-20012');
    });

    it('answers 401 OBP-20008 for an unknown consumer key', async () => {
      const res = await login('DirectLogin', credentials({ key: 'no-such-consumer-key' }));
      expectObpError(res, 401, 'OBP-20008');
    });

    it('answers 401 OBP-20004 for a wrong password or an unknown user', async () => {
      expectObpError(
        await login('DirectLogin', credentials({ password: 'Wr0ng!Passw0rd' })),
        401,
        'OBP-20004',
      );
      expectObpError(
        await login('DirectLogin', credentials({ username: 'nobody-at-all' })),
        401,
        'OBP-20004',
      );
    });

    it('locks the account after 5 failures: then 401 OBP-20013 even with the right password', async () => {
      const victim = await gateway.user();
      const attempt = (password: string) =>
        login('DirectLogin', credentials({ username: victim.username, password }));
      for (let i = 0; i < 5; i++) expectObpError(await attempt('Wr0ng!Passw0rd'), 401, 'OBP-20004');
      expectObpError(await attempt(testPassword), 401, 'OBP-20013');
    });

    it('is not served under a version prefix (404 OBP-10404)', async () => {
      const res = await gateway
        .http()
        .post('/obp/v5.1.0/my/logins/direct')
        .set('DirectLogin', credentials());
      expectObpError(res, 404, 'OBP-10404');
    });
  });

  describe('using a token', () => {
    let token: string;
    before(async () => {
      token = expectToken(await login('DirectLogin', credentials()));
    });

    it('authenticates with DirectLogin: token=…', async () => {
      const res = await currentUser('DirectLogin', `token=${token}`);
      expect(expectSuccess<{ user_id: string }>(res, 200).user_id).to.equal(user.userId);
    });

    it('authenticates with Authorization: DirectLogin token=…', async () => {
      const res = await currentUser('Authorization', `DirectLogin token=${token}`);
      expect(expectSuccess<{ user_id: string }>(res, 200).user_id).to.equal(user.userId);
    });

    it('authenticates with a quoted token', async () => {
      const res = await currentUser('DirectLogin', `token="${token}"`);
      expect(expectSuccess<{ user_id: string }>(res, 200).user_id).to.equal(user.userId);
    });

    it('answers 401 OBP-20003 with the token for an invalid token', async () => {
      const res = await currentUser('DirectLogin', 'token=not-a-valid-token');
      expect(expectObpError(res, 401, 'OBP-20003')).to.equal(
        'OBP-20003: This DirectLogin token is invalid or expired: not-a-valid-token',
      );
    });

    it('answers 401 OBP-20003 for a tampered token', async () => {
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      const res = await currentUser('Authorization', `DirectLogin token=${tampered}`);
      expectObpError(res, 401, 'OBP-20003');
    });
  });
});
