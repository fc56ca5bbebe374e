import { expect } from 'chai';
import { demoBankId, uniqueToken, type ContractFixture } from './contract-fixture.js';

/**
 * getCrmEvents. There is no write method, so the suite cannot create events: it checks the shape
 * and order of whatever the backend holds for the demo bank.
 */
export function describeCrmEventContract(fixture: ContractFixture): void {
  describe('getCrmEvents', () => {
    it("lists the bank's events by scheduled date, undated ones last", async () => {
      const events = await fixture.call('getCrmEvents', { bankId: demoBankId });
      for (const event of events) expect(event.bankId).to.equal(demoBankId);
      const times = events.map((event) => event.scheduledDate?.getTime() ?? Infinity);
      expect(times).to.deep.equal([...times].sort((x, y) => x - y));
    });

    it('answers an empty list for a bank without events', async () => {
      expect(
        await fixture.call('getCrmEvents', { bankId: `no-such-bank-${uniqueToken()}` }),
      ).to.deep.equal([]);
    });
  });
}
