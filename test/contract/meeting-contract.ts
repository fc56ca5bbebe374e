import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Meeting } from '../../src/codec/generated/messages.js';
import type { ArgsOf } from '../../src/codec/message-types.js';
import { demoBankId, uniqueToken, type ContractFixture } from './contract-fixture.js';
import { expectObpError } from './expect-obp-error.js';

function meetingArgs(overrides: Partial<ArgsOf<'createMeeting'>>): ArgsOf<'createMeeting'> {
  return {
    bankId: demoBankId,
    staffUserId: `staff-${uniqueToken()}`,
    customerUserId: `customer-${uniqueToken()}`,
    providerId: 'video-provider',
    purposeId: 'onboarding',
    when: new Date('2030-01-01T10:00:00Z'),
    sessionId: 'session-1',
    customerToken: 'customer-token',
    staffToken: 'staff-token',
    creator: { name: 'Anna Staff', phone: '+44 1', email: 'anna@example.com' },
    invitees: [
      {
        contactDetails: { name: 'Ben Guest', phone: '+44 2', email: 'ben@example.com' },
        status: 'invited',
      },
    ],
    ...overrides,
  };
}

/** createMeeting, getMeetings, getMeeting. */
export function describeMeetingContract(fixture: ContractFixture): void {
  describe('meetings', () => describeMeetings(fixture));
}

function describeMeetings(fixture: ContractFixture): void {
  const staffUserId = `staff-${uniqueToken()}`;
  const firstCustomerUser = `customer-${uniqueToken()}`;
  let later: Meeting, sooner: Meeting;

  before(async () => {
    later = await fixture.call(
      'createMeeting',
      meetingArgs({
        staffUserId,
        customerUserId: firstCustomerUser,
        when: new Date('2031-06-01T09:00:00Z'),
      }),
    );
    sooner = await fixture.call(
      'createMeeting',
      meetingArgs({ staffUserId, when: new Date('2031-05-01T09:00:00Z') }),
    );
  });

  describe('createMeeting', () => {
    it('stores the meeting with a new id', async () => {
      const args = meetingArgs({});
      const meeting = await fixture.call('createMeeting', args);
      expect(meeting).to.deep.include({
        bankId: args.bankId,
        providerId: args.providerId,
        purposeId: args.purposeId,
        present: { staffUserId: args.staffUserId, customerUserId: args.customerUserId },
        keys: {
          sessionId: args.sessionId,
          customerToken: args.customerToken,
          staffToken: args.staffToken,
        },
        when: args.when,
        creator: args.creator,
        invitees: args.invitees,
      });
      expect(meeting.meetingId).to.be.a('string').and.not.equal('');
    });

    it('answers OBP-30001 (404) for an unknown bank', async () => {
      await expectObpError(
        fixture.call('createMeeting', meetingArgs({ bankId: `no-such-bank-${uniqueToken()}` })),
        'OBP-30001',
        404,
      );
    });
  });

  describe('getMeetings', () => {
    const list = (userId: string, bankId = demoBankId): Promise<Meeting[]> =>
      fixture.call('getMeetings', { bankId, userId });

    it("lists the bank's meetings the user takes part in, soonest first", async () => {
      expect(await list(staffUserId)).to.deep.equal([sooner, later]);
      expect(await list(firstCustomerUser)).to.deep.equal([later]);
    });

    it('answers an empty list at another bank or for a user without meetings', async () => {
      expect(await list(staffUserId, fixture.otherBankId)).to.deep.equal([]);
      expect(await list(`nobody-${uniqueToken()}`)).to.deep.equal([]);
    });
  });

  describe('getMeeting', () => {
    const read = (meetingId: string, userId: string, bankId = demoBankId): Promise<Meeting> =>
      fixture.call('getMeeting', { bankId, userId, meetingId });

    it('reads a meeting for its staff member and for its customer user', async () => {
      expect(await read(later.meetingId, staffUserId)).to.deep.equal(later);
      expect(await read(later.meetingId, firstCustomerUser)).to.deep.equal(later);
    });

    it('answers OBP-30104 (400) for a user who takes no part', async () => {
      await expectObpError(read(later.meetingId, `nobody-${uniqueToken()}`), 'OBP-30104', 400);
      await expectObpError(read(sooner.meetingId, firstCustomerUser), 'OBP-30104', 400);
    });

    it('answers OBP-30104 (400) at another bank or for an unknown id', async () => {
      await expectObpError(
        read(later.meetingId, staffUserId, fixture.otherBankId),
        'OBP-30104',
        400,
      );
      await expectObpError(read(randomUUID(), staffUserId), 'OBP-30104', 400);
    });
  });
}
