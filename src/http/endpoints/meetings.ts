import { z } from 'zod';
import { since } from '../api-versions.js';
import { withDetail } from '../backend-lookups.js';
import { caller, defineEndpoint } from '../endpoint.js';
import { obpDateTime } from '../json/obp-date.js';
import { meetingJson } from '../json/resource-json.js';

const contactDetails = z.object({
  name: z.string(),
  mobile_phone: z.string(),
  email_address: z.string(),
});
const toContact = (c: z.infer<typeof contactDetails>) => ({
  name: c.name,
  phone: c.mobile_phone,
  email: c.email_address,
});

/** CreateMeetingJsonV310. */
const createMeetingBody = z.object({
  provider_id: z.string(),
  purpose_id: z.string(),
  date: obpDateTime,
  creator: contactDetails,
  invitees: z.array(z.object({ contact_details: contactDetails, status: z.string() })),
});

/** Customer meetings, spec §3.1 (#1–#3): login only, no roles. */
export const meetingEndpoints = [
  defineEndpoint({
    operationId: 'OBPv3.1.0-createMeeting',
    verb: 'POST',
    path: '/banks/BANK_ID/meetings',
    versions: since('v3.1.0'),
    body: createMeetingBody,
    bodyName: 'CreateMeetingJson',
    successStatus: 201,
    connectorMethods: ['getBank', 'createMeeting'],
    async handle(ctx) {
      const user = caller(ctx);
      const b = ctx.body;
      // As in OBP: the caller is both staff and customer user, and the video keys stay empty.
      const meeting = await ctx.services.connector.call(
        'createMeeting',
        {
          bankId: ctx.params.BANK_ID as string,
          staffUserId: user.userId,
          customerUserId: user.userId,
          providerId: b.provider_id,
          purposeId: b.purpose_id,
          when: b.date,
          sessionId: '',
          customerToken: '',
          staffToken: '',
          creator: toContact(b.creator),
          invitees: b.invitees.map((i) => ({
            contactDetails: toContact(i.contact_details),
            status: i.status,
          })),
        },
        ctx.call,
      );
      return meetingJson(meeting);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getMeetings',
    verb: 'GET',
    path: '/banks/BANK_ID/meetings',
    versions: since('v3.1.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getMeetings'],
    async handle(ctx) {
      const meetings = await ctx.services.connector.call(
        'getMeetings',
        { bankId: ctx.params.BANK_ID as string, userId: caller(ctx).userId },
        ctx.call,
      );
      return { meetings: meetings.map(meetingJson) };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-getMeeting',
    verb: 'GET',
    path: '/banks/BANK_ID/meetings/MEETING_ID',
    versions: since('v3.1.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getMeeting'],
    async handle(ctx) {
      const meetingId = ctx.params.MEETING_ID as string;
      const meeting = await withDetail(
        ctx.services.connector.call(
          'getMeeting',
          { bankId: ctx.params.BANK_ID as string, userId: caller(ctx).userId, meetingId },
          ctx.call,
        ),
        'MeetingNotFound',
        ` Current MeetingId(${meetingId}) `,
      );
      return meetingJson(meeting);
    },
  }),
];
