import type { Bank, CrmEvent } from '../codec/generated/messages.js';

/**
 * The demo data every backend starts with (the contract suite assumes the bank exists): OBP's
 * sandbox example bank, which OBP's documentation uses throughout, and a few CRM events at it —
 * getCrmEvents has no write method, so without them the endpoint could only answer an empty
 * list. No customers: every customer a demo shows was created through the API.
 */

/** The demo bank's id. */
export const demoBankId = 'gh.29.uk';

/** The demo bank. */
export const demoBank: Bank = {
  bankId: demoBankId,
  shortName: 'Southgate Demo Bank',
  fullName: 'Southgate Demo Bank plc',
  logoUrl: 'https://www.example.com/southgate-demo-bank/logo.png',
  websiteUrl: 'https://www.example.com/southgate-demo-bank',
  bankRoutings: [{ scheme: 'BIC', address: 'SGDBGB2L' }],
};

const day = 24 * 60 * 60 * 1000;

/** The demo CRM events, dated around `now` (epoch ms). */
export function demoCrmEvents(now: number): CrmEvent[] {
  const event = (
    n: number,
    fields: Pick<CrmEvent, 'category' | 'detail' | 'channel' | 'result'>,
    scheduledAt: number,
    happenedAt: number | null,
  ): CrmEvent => ({
    crmEventId: `demo-crm-event-${n}`,
    bankId: demoBankId,
    customerName: 'Eveline Tripman',
    customerNumber: '5987953',
    ...fields,
    scheduledDate: new Date(scheduledAt),
    actualDate: happenedAt === null ? null : new Date(happenedAt),
  });
  return [
    event(
      1,
      { category: 'onboarding', detail: 'Welcome call', channel: 'phone', result: 'completed' },
      now - 7 * day,
      now - 7 * day,
    ),
    event(
      2,
      { category: 'lending', detail: 'Mortgage advice', channel: 'branch', result: 'follow-up' },
      now - 2 * day,
      now - 2 * day,
    ),
    event(
      3,
      { category: 'review', detail: 'Annual account review', channel: 'video', result: '' },
      now + 5 * day,
      null,
    ),
  ];
}
