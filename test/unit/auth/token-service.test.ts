import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { defaultTokenTtlMs, TokenService } from '../../../src/auth/token-service.js';

const secret = 'k'.repeat(43);
const subject = { userId: 'user-1', username: 'alice', consumerId: 'consumer-1' };

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signed(header: object, payload: object, key = secret): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

describe('TokenService', () => {
  let now = Date.UTC(2025, 0, 1);
  const tokens = new TokenService({ secret, now: () => now });
  beforeEach(() => {
    now = Date.UTC(2025, 0, 1);
  });

  it('issues a compact HS256 JWT that verifies to its claims', () => {
    const { token, claims } = tokens.issue({ ...subject, tokenId: 'token-1' });
    expect(token.split('.')).to.have.length(3);
    const header: unknown = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
    expect(tokens.verify(token)).to.deep.equal(claims);
    expect(claims).to.deep.include({ ...subject, tokenId: 'token-1', issuedAt: now / 1000 });
  });

  it('lives four weeks by default and expires after that', () => {
    const { token, claims } = tokens.issue(subject);
    expect(claims.expiresAt - claims.issuedAt).to.equal(defaultTokenTtlMs / 1000);
    now += defaultTokenTtlMs - 1000;
    expect(tokens.verify(token)).not.to.equal(null);
    now += 1000;
    expect(tokens.verify(token)).to.equal(null);
  });

  it('honours a configured TTL', () => {
    const shortLived = new TokenService({ secret, ttlMs: 60_000, now: () => now });
    const { token } = shortLived.issue(subject);
    now += 60_000;
    expect(shortLived.verify(token)).to.equal(null);
  });

  it('rejects a tampered payload', () => {
    const { token } = tokens.issue(subject);
    const [header, , signature] = token.split('.');
    const forged = encode({
      sub: 'admin',
      username: 'admin',
      consumer_id: 'c',
      jti: 'j',
      iat: 1,
      exp: 9e9,
    });
    expect(tokens.verify(`${header}.${forged}.${signature}`)).to.equal(null);
  });

  it('rejects a tampered signature and a token signed with another secret', () => {
    const { token } = tokens.issue(subject);
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(tokens.verify(flipped)).to.equal(null);
    const other = new TokenService({ secret: 'x'.repeat(43), now: () => now });
    expect(other.verify(token)).to.equal(null);
  });

  it('rejects any algorithm but HS256, including none', () => {
    const payload = { sub: 'u', username: 'a', consumer_id: 'c', jti: 'j', iat: 1, exp: 9e9 };
    expect(tokens.verify(signed({ alg: 'HS512', typ: 'JWT' }, payload))).to.equal(null);
    expect(tokens.verify(`${encode({ alg: 'none' })}.${encode(payload)}.`)).to.equal(null);
    expect(tokens.verify(signed({ alg: 'HS256' }, payload))).not.to.equal(null);
  });

  it('rejects correctly signed tokens with missing or mistyped claims', () => {
    const header = { alg: 'HS256', typ: 'JWT' };
    expect(tokens.verify(signed(header, { sub: 'u', jti: 'j', iat: 1, exp: 9e9 }))).to.equal(null);
    expect(
      tokens.verify(
        signed(header, { sub: 'u', username: 'a', consumer_id: 'c', jti: 'j', iat: 1, exp: '9e9' }),
      ),
    ).to.equal(null);
    expect(tokens.verify(signed(header, ['not', 'an', 'object']))).to.equal(null);
  });

  it('rejects malformed strings', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c', '!!.??.**', 'x'.repeat(5000)]) {
      expect(tokens.verify(bad), bad.slice(0, 20)).to.equal(null);
    }
  });

  it('refuses a short secret', () => {
    expect(() => new TokenService({ secret: 'short' })).to.throw(/at least 32 bytes/);
  });
});
