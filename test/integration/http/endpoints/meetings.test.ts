import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { meetingBody, seedContact } from './bodies.js';
import { expectObpError, expectSuccess, obpDateTimePattern } from './obp-assertions.js';

/** MeetingJsonV310. */
interface MeetingJson {
  meeting_id: string;
  provider_id: string;
  purpose_id: string;
  bank_id: string;
  present: { staff_user_id: string; customer_user_id: string };
  keys: { session_id: string; staff_token: string; customer_token: string };
  when: string;
  creator: typeof seedContact;
  invitees: { contact_details: typeof seedContact; status: string }[];
}

const meetingKeys = [
  'meeting_id',
  'provider_id',
  'purpose_id',
  'bank_id',
  'present',
  'keys',
  'when',
  'creator',
  'invitees',
];

describe('customer meetings', () => {
  let gateway: TestGateway;
  let host: TestUser;
  let stranger: TestUser;

  before(async () => {
    gateway = await startTestGateway();
    host = await gateway.user();
    stranger = await gateway.user();
  });

  after(() => gateway.close());

  const meetingsPath = (version: string) => `/obp/${version}/banks/${demoBank}/meetings`;

  async function createMeeting(version: string): Promise<MeetingJson> {
    const res = await gateway.http().post(meetingsPath(version)).set(host.auth).send(meetingBody());
    return expectSuccess<MeetingJson>(res, 201);
  }

  for (const version of ['v3.1.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      describe('OBPv3.1.0-createMeeting', () => {
        it('answers 201 with MeetingJsonV310: date as when, the caller present twice, empty keys', async () => {
          const meeting = await createMeeting(version);
          expect(Object.keys(meeting)).to.have.members(meetingKeys);
          expect(meeting.meeting_id).to.be.a('string').and.not.equal('');
          expect(meeting).to.deep.include({
            provider_id: 'Chris',
            purpose_id: 'onboarding',
            bank_id: demoBank,
            present: { staff_user_id: host.userId, customer_user_id: host.userId },
            keys: { session_id: '', staff_token: '', customer_token: '' },
            when: '2017-09-18T22:00:00Z',
            creator: seedContact,
            invitees: [{ contact_details: seedContact, status: 'Good' }],
          });
          expect(meeting.when).to.match(obpDateTimePattern);
        });

        it('answers 400 OBP-10001 naming date when it is not a date', async () => {
          const res = await gateway
            .http()
            .post(meetingsPath(version))
            .set(host.auth)
            .send(meetingBody({ date: 'next Tuesday' }));
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('CreateMeetingJson');
          expect(message).to.contain('date');
        });

        it('answers 400 OBP-10001 naming a field of an invitee', async () => {
          const res = await gateway
            .http()
            .post(meetingsPath(version))
            .set(host.auth)
            .send(meetingBody({ invitees: [{ contact_details: seedContact }] }));
          expect(expectObpError(res, 400, 'OBP-10001')).to.contain('invitees.0.status');
        });
      });

      describe('OBPv3.1.0-getMeetings', () => {
        it("answers 200 with {meetings: [...]} of the caller's meetings only", async () => {
          const created = await createMeeting(version);
          const res = await gateway.http().get(meetingsPath(version)).set(host.auth);
          const body = expectSuccess<{ meetings: MeetingJson[] }>(res, 200);
          expect(Object.keys(body)).to.deep.equal(['meetings']);
          expect(body.meetings).to.deep.include(created);

          const theirs = await gateway.http().get(meetingsPath(version)).set(stranger.auth);
          expect(expectSuccess<{ meetings: MeetingJson[] }>(theirs, 200)).to.deep.equal({
            meetings: [],
          });
        });
      });

      describe('OBPv3.1.0-getMeeting', () => {
        it('answers 200 with the meeting', async () => {
          const created = await createMeeting(version);
          const res = await gateway
            .http()
            .get(`${meetingsPath(version)}/${created.meeting_id}`)
            .set(host.auth);
          expect(expectSuccess<MeetingJson>(res, 200)).to.deep.equal(created);
        });

        it('answers 400 (not 404) OBP-30104 with the MeetingId detail for an unknown meeting', async () => {
          const res = await gateway
            .http()
            .get(`${meetingsPath(version)}/no-such-meeting`)
            .set(host.auth);
          expect(expectObpError(res, 400, 'OBP-30104')).to.equal(
            'OBP-30104: Meeting not found. Current MeetingId(no-such-meeting) ',
          );
        });

        it("answers 400 OBP-30104 for another user's meeting", async () => {
          const created = await createMeeting(version);
          const res = await gateway
            .http()
            .get(`${meetingsPath(version)}/${created.meeting_id}`)
            .set(stranger.auth);
          expectObpError(res, 400, 'OBP-30104');
        });
      });
    });
  }
});
