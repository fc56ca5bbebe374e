import { expect } from 'chai';
import type { ArgsOf } from '../../src/codec/message-types.js';
import { demoBankId, uniqueToken, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

function bankArgs(bankId: string, shortName: string): ArgsOf<'createOrUpdateBank'> {
  return {
    bankId,
    shortName,
    fullName: `${shortName} plc`,
    logoUrl: 'https://www.example.com/logo.png',
    websiteUrl: 'https://www.example.com',
    bankRoutings: [{ scheme: 'BIC', address: 'CONTGB2L' }],
  };
}

/** getBank, getBanks, createOrUpdateBank. */
export function describeBankContract(fixture: ContractFixture): void {
  describe('getBank', () => {
    it('reads the demo bank', async () => {
      const bank = await fixture.call('getBank', { bankId: demoBankId });
      expect(bank.bankId).to.equal(demoBankId);
    });

    it('answers OBP-30001 (404) for an unknown bank', async () => {
      await expectObpError(
        fixture.call('getBank', { bankId: `no-such-bank-${uniqueToken()}` }),
        'OBP-30001',
        404,
      );
    });
  });

  describe('createOrUpdateBank', () => {
    it('creates a bank that getBank then reads back', async () => {
      const args = bankArgs(`contract-${uniqueToken()}`, 'Contract Bank');
      expect(await fixture.call('createOrUpdateBank', args)).to.deep.equal(args);
      expect(await fixture.call('getBank', { bankId: args.bankId })).to.deep.equal(args);
    });

    it('replaces the bank with the same id', async () => {
      const bankId = `contract-${uniqueToken()}`;
      await fixture.call('createOrUpdateBank', bankArgs(bankId, 'Before'));
      const replacement = { ...bankArgs(bankId, 'After'), bankRoutings: [] };
      expect(await fixture.call('createOrUpdateBank', replacement)).to.deep.equal(replacement);
      expect(await fixture.call('getBank', { bankId })).to.deep.equal(replacement);
    });
  });

  describe('getBanks', () => {
    it('lists every bank, sorted by bank id', async () => {
      const created = [`contract-${uniqueToken()}`, `contract-${uniqueToken()}`];
      for (const bankId of created) await fixture.call('createOrUpdateBank', bankArgs(bankId, 'B'));
      const ids = (await fixture.call('getBanks', {})).map((bank) => bank.bankId);
      expect(ids).to.include.members([demoBankId, ...created]);
      // Code-unit order, independent of any database locale (PostgreSQL: COLLATE "C").
      expect(ids).to.deep.equal([...ids].sort());
    });
  });
}
