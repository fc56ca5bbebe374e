import { expect } from 'chai';
import {
  defaultScryptCost,
  isStrongPassword,
  PasswordHasher,
} from '../../../src/auth/password-hasher.js';
import { testScryptCost } from './auth-fixture.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(testScryptCost);

  it('writes a self-describing scrypt hash', async () => {
    expect(await hasher.hash('secret')).to.match(
      /^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', hash)).to.be.true;
    expect(await hasher.verify('correct horsf', hash)).to.be.false;
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same')).not.to.equal(await hasher.hash('same'));
  });

  it('verifies hashes made with other cost parameters (read from the hash)', async () => {
    const other = new PasswordHasher({ logN: 5, r: 4, p: 2 });
    const hash = await other.hash('secret');
    expect(await hasher.verify('secret', hash)).to.be.true;
    expect(hasher.needsRehash(hash)).to.be.true;
    expect(hasher.needsRehash(await hasher.hash('secret'))).to.be.false;
  });

  it('treats malformed or out-of-range hashes as a mismatch', async () => {
    expect(await hasher.verify('secret', 'plain-text')).to.be.false;
    expect(
      await hasher.verify(
        'secret',
        '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
      ),
    ).to.be.false;
  });

  it('hashes with the default production cost', async () => {
    const production = new PasswordHasher();
    const hash = await production.hash('secret');
    expect(hash).to.contain(`$ln=${defaultScryptCost.logN},`);
    expect(await production.verify('secret', hash)).to.be.true;
  });

  it('spends a verification on verifyDummy without failing', async () => {
    await hasher.verifyDummy('anything');
  });

  it('refuses an invalid cost', () => {
    expect(() => new PasswordHasher({ logN: 0, r: 8, p: 1 })).to.throw(/scrypt cost/);
  });
});

describe('isStrongPassword', () => {
  const cases: [string, boolean, string][] = [
    ['Abcdefg1!x', true, '10 characters with digit, upper, lower and special'],
    ['Abcdefg1!', false, '9 characters'],
    ['abcdefg1!x', false, 'no upper-case letter'],
    ['ABCDEFG1!X', false, 'no lower-case letter'],
    ['Abcdefgh!x', false, 'no digit'],
    ['Abcdefgh1x', false, 'no special character'],
    ['Abcdefgh1xyzabcd', false, '16 characters without a special character'],
    ['abcdefghijklmnopq', true, '17 characters of anything'],
    ['a'.repeat(512), true, '512 characters'],
    ['a'.repeat(513), false, '513 characters'],
    [`Ab1!${'a'.repeat(509)}`, false, '513 characters with every class'],
  ];
  for (const [password, strong, why] of cases) {
    it(`${strong ? 'accepts' : 'rejects'} ${why}`, () => {
      expect(isStrongPassword(password)).to.equal(strong);
    });
  }
});
