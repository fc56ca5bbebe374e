import type { Bank, CrmEvent } from '../../src/adapter/index.js';
import type { SqlDatabase } from './sql-database.js';

/** The demo bank's id: OBP's sandbox example bank, which OBP's documentation uses throughout. */
export const demoBankId = 'gh.29.uk';

// The same demo data as the memory adapter's, so both backends look alike in a demo.
const demoBank: Bank = {
  bankId: demoBankId,
  shortName: 'Southgate Demo Bank',
  fullName: 'Southgate Demo Bank plc',
  logoUrl: 'https://www.example.com/southgate-demo-bank/logo.png',
  websiteUrl: 'https://www.example.com/southgate-demo-bank',
  bankRoutings: [{ scheme: 'BIC', address: 'SGDBGB2L' }],
};

const day = 24 * 60 * 60 * 1000;

/**
 * Makes sure the demo bank `gh.29.uk` and its demo CRM events exist (getCrmEvents has no write
 * method, so without them the endpoint could only answer an empty list). Idempotent and safe
 * for processes starting at once: rows that exist are left as they are — an operator's changes
 * to the demo bank survive restarts — and the events are dated relative to the first start.
 */
export async function seedDemoData(db: SqlDatabase, now: Date): Promise<void> {
  await db.atomically(async () => {
    await db.query(
      'INSERT INTO banks (bank_id, short_name, full_name, logo_url, website_url, bank_routings) ' +
        'VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (bank_id) DO NOTHING',
      [
        demoBank.bankId,
        demoBank.shortName,
        demoBank.fullName,
        demoBank.logoUrl,
        demoBank.websiteUrl,
        JSON.stringify(demoBank.bankRoutings),
      ],
    );
    for (const event of demoCrmEvents(now.getTime())) {
      await db.query(
        'INSERT INTO crm_events (crm_event_id, bank_id, customer_name, customer_number, ' +
          'category, detail, channel, scheduled_date, actual_date, result) ' +
          'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (crm_event_id) DO NOTHING',
        [
          event.crmEventId,
          event.bankId,
          event.customerName,
          event.customerNumber,
          event.category,
          event.detail,
          event.channel,
          event.scheduledDate,
          event.actualDate,
          event.result,
        ],
      );
    }
  });
}

function demoCrmEvents(now: number): CrmEvent[] {
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
