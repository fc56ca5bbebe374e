import { expect } from 'chai';
import type { Customer } from '../../src/codec/generated/messages.js';
import { demoBankId, uniqueToken, type ContractFixture } from './contract-fixture.js';

/**
 * getCustomersByCustomerPhoneNumber: the number is a SQL LIKE pattern with no escape character.
 * The stored numbers are chosen so that an adapter treating the pattern as a regular expression,
 * ignoring case, using `\` as an escape (PostgreSQL's default) or matching substrings fails.
 */
export function describePhoneSearchContract(fixture: ContractFixture): void {
  describe('getCustomersByCustomerPhoneNumber', () => {
    // Lowercase letters in the token make the case-sensitivity check meaningful.
    const token = `ab${uniqueToken()}`;
    const phones = {
      dot: `+44 (20) ${token}.1`,
      dotLonger: `+44 (20) ${token}.12`,
      letter: `+44 (20) ${token}X1`,
      metacharacters: `+44 [20] ${token}^$*+?\\1`,
    };
    const ids: Record<keyof typeof phones | 'otherBank', string> = {
      dot: '',
      dotLonger: '',
      letter: '',
      metacharacters: '',
      otherBank: '',
    };

    before(async () => {
      for (const [name, mobileNumber] of Object.entries(phones)) {
        const customer = await fixture.createCustomer({ mobileNumber });
        ids[name as keyof typeof phones] = customer.customerId;
      }
      ids.otherBank = (
        await fixture.createCustomer({ bankId: fixture.otherBankId, mobileNumber: phones.dot })
      ).customerId;
    });

    const search = async (phoneNumber: string, bankId = demoBankId): Promise<string[]> => {
      const found: Customer[] = await fixture.call('getCustomersByCustomerPhoneNumber', {
        bankId,
        phoneNumber,
      });
      return found.map((customer) => customer.customerId);
    };

    const cases: [string, () => string, (keyof typeof ids)[]][] = [
      [
        '% matches any run of characters',
        () => `%${token}%`,
        ['dot', 'dotLonger', 'letter', 'metacharacters'],
      ],
      ['% matches no characters too', () => `+44 (20) ${token}.1%`, ['dot', 'dotLonger']],
      ['_ matches exactly one character', () => `+44 (20) ${token}_1`, ['dot', 'letter']],
      ['_ _ at the end need exactly two', () => `%${token}__`, ['dot', 'letter']],
      ['. matches only a dot, and the whole number must match', () => phones.dot, ['dot']],
      ['* matches only an asterisk', () => `+44 (20) ${token}.*`, []],
      ['parentheses match themselves', () => `%(20) ${token}%`, ['dot', 'dotLonger', 'letter']],
      [
        'brackets, ^, $, +, ? and \\ match themselves',
        () => phones.metacharacters,
        ['metacharacters'],
      ],
      ['a backslash is no escape character', () => `%${token}%\\1`, ['metacharacters']],
      ['matching is case-sensitive', () => `%${token.toUpperCase()}%`, []],
    ];
    for (const [title, pattern, expected] of cases) {
      it(title, async () => {
        expect(await search(pattern())).to.have.members(expected.map((name) => ids[name]));
      });
    }

    it('only finds customers of the given bank', async () => {
      expect(await search(`%${token}%`, fixture.otherBankId)).to.deep.equal([ids.otherBank]);
    });

    it('answers an empty list for an unknown bank', async () => {
      expect(await search(`%${token}%`, `no-such-bank-${uniqueToken()}`)).to.deep.equal([]);
    });
  });
}
