import { demoBank, demoCrmEvents } from '../../src/adapter/index.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * Makes sure the demo bank `gh.29.uk` and its demo CRM events exist (getCrmEvents has no write
 * method, so without them the endpoint could only answer an empty list). Idempotent and safe
 * for processes starting at once: rows that exist are left as they are — an operator's changes
 * to the demo bank survive restarts — and the events are dated relative to the first start.
 */
export async function seedDemoData(db: SqlDatabase, now: Date): Promise<void> {
  await db.atomically(async (tx) => {
    await tx.query(
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
      await tx.query(
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
