import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface CrmEventRow {
  readonly crm_event_id: string;
  readonly bank_id: string;
  readonly customer_name: string;
  readonly customer_number: string;
  readonly category: string;
  readonly detail: string;
  readonly channel: string;
  readonly scheduled_date: Date | null;
  readonly actual_date: Date | null;
  readonly result: string;
}

/** CRM events are read-only: the adapter has the events it was seeded with (and any loaded). */
export function crmEventHandlers(db: SqlDatabase): HandlerGroup<'getCrmEvents'> {
  return {
    async getCrmEvents({ bankId }) {
      // ASC puts null dates last, as the memory adapter does; seq keeps ties in insertion order.
      const rows = await db.query<CrmEventRow>(
        'SELECT crm_event_id, bank_id, customer_name, customer_number, category, detail, ' +
          'channel, scheduled_date, actual_date, result FROM crm_events WHERE bank_id = $1 ' +
          'ORDER BY scheduled_date, seq',
        [bankId],
      );
      return rows.map((row) => ({
        crmEventId: row.crm_event_id,
        bankId: row.bank_id,
        customerName: row.customer_name,
        customerNumber: row.customer_number,
        category: row.category,
        detail: row.detail,
        channel: row.channel,
        scheduledDate: row.scheduled_date,
        actualDate: row.actual_date,
        result: row.result,
      }));
    },
  };
}
