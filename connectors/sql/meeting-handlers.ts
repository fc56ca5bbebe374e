import { randomUUID } from 'node:crypto';
import type { ContactDetails, Invitee, Meeting } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface MeetingRow {
  readonly meeting_id: string;
  readonly bank_id: string;
  readonly provider_id: string;
  readonly purpose_id: string;
  readonly staff_user_id: string;
  readonly customer_user_id: string;
  readonly session_id: string;
  readonly customer_token: string;
  readonly staff_token: string;
  readonly meeting_time: Date;
  readonly creator: ContactDetails;
  readonly invitees: Invitee[];
}

const meetingColumns =
  'meeting_id, bank_id, provider_id, purpose_id, staff_user_id, customer_user_id, session_id, ' +
  'customer_token, staff_token, meeting_time, creator, invitees';

function contact({ name, phone, email }: ContactDetails): ContactDetails {
  return { name, phone, email };
}

function invitees(list: readonly Invitee[]): Invitee[] {
  return list.map(({ contactDetails, status }) => ({
    contactDetails: contact(contactDetails),
    status,
  }));
}

function meetingFromRow(row: MeetingRow): Meeting {
  return {
    meetingId: row.meeting_id,
    providerId: row.provider_id,
    purposeId: row.purpose_id,
    bankId: row.bank_id,
    present: { staffUserId: row.staff_user_id, customerUserId: row.customer_user_id },
    keys: {
      sessionId: row.session_id,
      customerToken: row.customer_token,
      staffToken: row.staff_token,
    },
    when: row.meeting_time,
    creator: contact(row.creator),
    invitees: invitees(row.invitees),
  };
}

/** Meetings at a bank; a user only ever sees the meetings they take part in. */
export function meetingHandlers(
  db: SqlDatabase,
): HandlerGroup<'createMeeting' | 'getMeetings' | 'getMeeting'> {
  return {
    async createMeeting(args) {
      const meeting: Meeting = {
        meetingId: randomUUID(),
        providerId: args.providerId,
        purposeId: args.purposeId,
        bankId: args.bankId,
        present: { staffUserId: args.staffUserId, customerUserId: args.customerUserId },
        keys: {
          sessionId: args.sessionId,
          customerToken: args.customerToken,
          staffToken: args.staffToken,
        },
        when: new Date(args.when.getTime()),
        creator: contact(args.creator),
        invitees: invitees(args.invitees),
      };
      // An unknown bank fails the foreign key: BankNotFound.
      await db.query(
        `INSERT INTO meetings (${meetingColumns}) ` +
          'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)',
        [
          meeting.meetingId,
          meeting.bankId,
          meeting.providerId,
          meeting.purposeId,
          meeting.present.staffUserId,
          meeting.present.customerUserId,
          meeting.keys.sessionId,
          meeting.keys.customerToken,
          meeting.keys.staffToken,
          meeting.when,
          JSON.stringify(meeting.creator),
          JSON.stringify(meeting.invitees),
        ],
      );
      return meeting;
    },

    async getMeetings({ bankId, userId }) {
      const rows = await db.query<MeetingRow>(
        `SELECT ${meetingColumns} FROM meetings ` +
          'WHERE bank_id = $1 AND (staff_user_id = $2 OR customer_user_id = $2) ' +
          'ORDER BY meeting_time, seq',
        [bankId, userId],
      );
      return rows.map(meetingFromRow);
    },

    async getMeeting({ bankId, userId, meetingId }) {
      const row = await db.first<MeetingRow>(
        `SELECT ${meetingColumns} FROM meetings WHERE meeting_id = $1 AND bank_id = $2 ` +
          'AND (staff_user_id = $3 OR customer_user_id = $3)',
        [meetingId, bankId, userId],
      );
      // Someone else's meeting is reported exactly like a missing one, so ids cannot be probed.
      if (!row) {
        throw new AdapterError(
          'MeetingNotFound',
          `No such meeting of this user at bank ${bankId}.`,
        );
      }
      return meetingFromRow(row);
    },
  };
}
