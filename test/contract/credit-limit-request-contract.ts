import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { CreditLimitRequest } from '../../src/codec/generated/messages.js';
import type { ArgsOf } from '../../src/codec/message-types.js';
import { demoBankId, nextMillisecond, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

function requestArgs(customerId: string, amount1 = '5000'): ArgsOf<'createCreditLimitRequest'> {
  return {
    bankId: demoBankId,
    customerId,
    requestedCurrentRateAmount1: amount1,
    requestedCurrentRateAmount2: '2500.50',
    requestedCurrentValidEndDate: '2030-12-31',
    currentCreditDocumentation: 'payslips',
    temporaryRequestedCurrentAmount: '1000',
    requestedTemporaryValidEndDate: '2025-06-30',
    temporaryCreditDocumentation: 'invoice',
  };
}

/**
 * createCreditLimitRequest, getCreditLimitRequests, getCreditLimitRequestByRequestId. OBP only
 * returned sample data here; the contract requires requests to be stored for real.
 */
export function describeCreditLimitRequestContract(fixture: ContractFixture): void {
  const create = (args: ArgsOf<'createCreditLimitRequest'>): Promise<CreditLimitRequest> =>
    fixture.call('createCreditLimitRequest', args);
  const readOne = (
    customerId: string,
    creditLimitRequestId: string,
    bankId = demoBankId,
  ): Promise<CreditLimitRequest> =>
    fixture.call('getCreditLimitRequestByRequestId', { bankId, customerId, creditLimitRequestId });

  describe('createCreditLimitRequest', () => {
    it('records the request as REQUESTED, ranked at the requested amounts', async () => {
      const { customerId } = await fixture.createCustomer();
      const args = requestArgs(customerId);
      const created = await create(args);
      expect(created).to.deep.include({
        ...args,
        status: 'REQUESTED',
        rankAmount1: args.requestedCurrentRateAmount1,
        rankAmount2: args.requestedCurrentRateAmount2,
        nominalInterest1: '',
        nominalInterest2: '',
      });
      expect(created.creditLimitRequestId).to.be.a('string').and.not.equal('');
      expect(created.shortReference).to.match(/^CLR-[A-Z0-9]{6}$/);
      expect(created.createdAt).to.be.instanceOf(Date);
    });

    it('answers OBP-30046 (404) for an unknown customer or one of another bank', async () => {
      await expectObpError(create(requestArgs(randomUUID())), 'OBP-30046', 404);
      const { customerId } = await fixture.createCustomer({ bankId: fixture.otherBankId });
      await expectObpError(create(requestArgs(customerId)), 'OBP-30046', 404);
    });
  });

  describe('getCreditLimitRequests', () => {
    it("lists only the customer's requests, oldest first", async () => {
      const { customerId } = await fixture.createCustomer();
      const first = await create(requestArgs(customerId, '100'));
      await nextMillisecond();
      const second = await create(requestArgs(customerId, '200'));
      await create(requestArgs((await fixture.createCustomer()).customerId));
      expect(
        await fixture.call('getCreditLimitRequests', { bankId: demoBankId, customerId }),
      ).to.deep.equal([first, second]);
      expect(
        await fixture.call('getCreditLimitRequests', { bankId: fixture.otherBankId, customerId }),
      ).to.deep.equal([]);
    });
  });

  describe('getCreditLimitRequestByRequestId', () => {
    it('reads one request back', async () => {
      const { customerId } = await fixture.createCustomer();
      const created = await create(requestArgs(customerId));
      expect(await readOne(customerId, created.creditLimitRequestId)).to.deep.equal(created);
    });

    it("answers OBP-10405 (404) for an unknown id, another customer's request or bank", async () => {
      const { customerId } = await fixture.createCustomer();
      const created = await create(requestArgs(customerId));
      const other = await fixture.createCustomer();
      await expectObpError(readOne(customerId, randomUUID()), 'OBP-10405', 404);
      await expectObpError(
        readOne(other.customerId, created.creditLimitRequestId),
        'OBP-10405',
        404,
      );
      await expectObpError(
        readOne(customerId, created.creditLimitRequestId, fixture.otherBankId),
        'OBP-10405',
        404,
      );
    });
  });
}
