import { expect } from 'chai';
import { compileLikePattern } from '../../../../connectors/memory/like-pattern.js';

describe('compileLikePattern', () => {
  const matches = (pattern: string, value: string): boolean =>
    compileLikePattern(pattern).test(value);

  it('matches % against any run of characters, including none', () => {
    expect(matches('+44%', '+44 7700 900123')).to.equal(true);
    expect(matches('+44%', '+44')).to.equal(true);
    expect(matches('%900%', '+44 7700 900123')).to.equal(true);
    expect(matches('%', '')).to.equal(true);
    expect(matches('+44%', '+33 1')).to.equal(false);
  });

  it('matches _ against exactly one character', () => {
    expect(matches('12_4', '1234')).to.equal(true);
    expect(matches('12_4', '124')).to.equal(false);
    expect(matches('12_4', '12344')).to.equal(false);
    expect(matches('__', '😀a')).to.equal(true);
  });

  it('lets % and _ match line breaks', () => {
    expect(matches('a%b', 'a\nb')).to.equal(true);
    expect(matches('a_b', 'a\nb')).to.equal(true);
  });

  it('requires the whole value to match', () => {
    expect(matches('123', '0123')).to.equal(false);
    expect(matches('123', '1234')).to.equal(false);
    expect(matches('123', '123')).to.equal(true);
  });

  for (const literal of [
    '.',
    '*',
    '+',
    '?',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '|',
    '^',
    '$',
    '\\',
    '/',
    '-',
  ]) {
    it(`matches ${literal} only literally`, () => {
      expect(matches(`1${literal}2`, `1${literal}2`)).to.equal(true);
      expect(matches(`1${literal}2`, '1x2')).to.equal(false);
      expect(matches(`1${literal}2`, '12')).to.equal(false);
    });
  }

  it('treats a backslash as an ordinary character, not an escape', () => {
    expect(matches('50\\%', '50\\ off')).to.equal(true);
    expect(matches('50\\%', '50%')).to.equal(false);
    expect(matches('a\\_', 'a\\b')).to.equal(true);
    expect(matches('a\\_', 'a_')).to.equal(false);
  });

  it('is case-sensitive', () => {
    expect(matches('abc%', 'ABCdef')).to.equal(false);
    expect(matches('ABC%', 'ABCdef')).to.equal(true);
  });

  it('compiles patterns that would be invalid regular expressions', () => {
    expect(() => compileLikePattern('(((')).not.to.throw();
    expect(matches('[a-', '[a-')).to.equal(true);
    expect(matches('x{2}', 'xx')).to.equal(false);
  });
});
