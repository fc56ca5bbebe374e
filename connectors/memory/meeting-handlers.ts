import { randomUUID } from 'node:crypto';
import type { Meeting } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';
import { byTime } from './time-order.js';

/** Meetings at a bank; a user only ever sees the meetings they take part in. */
export function meetingHandlers(
  state: MemoryState,
): HandlerGroup<'createMeeting' | 'getMeetings' | 'getMeeting'> {
  const takesPart = (meeting: Meeting, userId: string): boolean =>
    meeting.present.staffUserId === userId || meeting.present.customerUserId === userId;

  return {
    createMeeting: syncHandler((args) => {
      state.requireBank(args.bankId);
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
        creator: copyOf(args.creator),
        invitees: copyOf(args.invitees),
      };
      state.meetings.set(meeting.bankId, meeting.meetingId, meeting);
      return copyOf(meeting);
    }),

    getMeetings: syncHandler(({ bankId, userId }) =>
      state.meetings
        .list(bankId)
        .filter((meeting) => takesPart(meeting, userId))
        .sort(byTime((meeting) => meeting.when))
        .map((meeting) => copyOf(meeting)),
    ),

    getMeeting: syncHandler(({ bankId, userId, meetingId }) => {
      const meeting = state.meetings.get(bankId, meetingId);
      // Someone else's meeting is reported exactly like a missing one, so ids cannot be probed.
      if (!meeting || !takesPart(meeting, userId)) {
        throw new AdapterError(
          'MeetingNotFound',
          `No such meeting of this user at bank ${bankId}.`,
        );
      }
      return copyOf(meeting);
    }),
  };
}
