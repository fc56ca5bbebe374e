import { expect } from 'chai';
import {
  parseLoginCredentials,
  parseTokenCredential,
} from '../../../src/auth/direct-login-header.js';
import { expectObpError } from './auth-fixture.js';

describe('parseLoginCredentials', () => {
  it('reads the DirectLogin header', () => {
    expect(
      parseLoginCredentials({ directlogin: 'username=alice, password=secret, consumer_key=abc' }),
    ).to.deep.equal({ username: 'alice', password: 'secret', consumerKey: 'abc' });
  });

  it('matches the header name case-insensitively', () => {
    expect(
      parseLoginCredentials({ DirectLogin: 'username=alice,password=secret,consumer_key=abc' }),
    ).to.deep.equal({ username: 'alice', password: 'secret', consumerKey: 'abc' });
  });

  it('reads the deprecated Authorization: DirectLogin form', () => {
    expect(
      parseLoginCredentials({
        authorization: 'DirectLogin username="alice", password="secret", consumer_key="abc"',
      }),
    ).to.deep.equal({ username: 'alice', password: 'secret', consumerKey: 'abc' });
  });

  it('strips surrounding quotes and whitespace, keeps commas and = inside quoted values', () => {
    expect(
      parseLoginCredentials({
        directlogin: '  username = "alice" ,password="a,b=c" , consumer_key= abc  ',
      }),
    ).to.deep.equal({ username: 'alice', password: 'a,b=c', consumerKey: 'abc' });
  });

  it('prefers the DirectLogin header over Authorization', () => {
    const credentials = parseLoginCredentials({
      directlogin: 'username=alice, password=secret, consumer_key=abc',
      authorization: 'DirectLogin username=bob, password=other, consumer_key=xyz',
    });
    expect(credentials.username).to.equal('alice');
  });

  it('answers 400 OBP-20082 without a DirectLogin or Authorization header', async () => {
    await expectObpError(() => parseLoginCredentials({}), 'OBP-20082', 400);
  });

  it('answers 400 OBP-20083 for an Authorization header without the DirectLogin word', async () => {
    await expectObpError(
      () => parseLoginCredentials({ authorization: 'Bearer abc' }),
      'OBP-20083',
      400,
    );
  });

  it('answers 400 OBP-20002 naming the missing parameters', async () => {
    const error = await expectObpError(
      () => parseLoginCredentials({ directlogin: 'consumer_key=abc' }),
      'OBP-20002',
      400,
    );
    expect(error.message).to.equal(
      'OBP-20002: These DirectLogin parameters are missing: username, password',
    );
  });

  it('counts an empty value as missing', async () => {
    const error = await expectObpError(
      () => parseLoginCredentials({ directlogin: 'username=, password=x, consumer_key=abc' }),
      'OBP-20002',
      400,
    );
    expect(error.detail).to.equal(' username');
  });

  it('answers 400 OBP-20012 for an unknown parameter name', async () => {
    await expectObpError(
      () =>
        parseLoginCredentials({
          directlogin: 'username=alice, password=secret, consumer_key=abc, scope=all',
        }),
      'OBP-20012',
      400,
    );
  });

  it('reports missing parameters before unknown ones, as OBP does', async () => {
    await expectObpError(
      () => parseLoginCredentials({ directlogin: 'user=alice, password=secret, consumer_key=abc' }),
      'OBP-20002',
      400,
    );
  });
});

describe('parseTokenCredential', () => {
  it('is null when the request carries no DirectLogin credentials', () => {
    expect(parseTokenCredential({})).to.equal(null);
    expect(parseTokenCredential({ authorization: 'Bearer abc' })).to.equal(null);
  });

  it('reads DirectLogin: token=…', () => {
    expect(parseTokenCredential({ directlogin: 'token=a.b.c' })).to.equal('a.b.c');
  });

  it('reads Authorization: DirectLogin token="…"', () => {
    expect(parseTokenCredential({ authorization: 'DirectLogin token="a.b.c"' })).to.equal('a.b.c');
  });

  it('answers 400 OBP-20002 ` token` for a DirectLogin header without a token', async () => {
    const error = await expectObpError(
      () => parseTokenCredential({ directlogin: 'username=alice' }),
      'OBP-20002',
      400,
    );
    expect(error.detail).to.equal(' token');
  });

  it('answers 400 OBP-20012 for an unknown parameter next to the token', async () => {
    await expectObpError(
      () => parseTokenCredential({ directlogin: 'token=a.b.c, nonce=1' }),
      'OBP-20012',
      400,
    );
  });
});
