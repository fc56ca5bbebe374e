import { randomUUID } from 'node:crypto';
import type { SocialMediaHandle } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface HandleRow {
  readonly social_media_handle_id: string;
  readonly bank_id: string;
  readonly customer_id: string;
  readonly customer_number: string;
  readonly type: string;
  readonly handle: string;
  readonly date_added: Date;
  readonly date_activated: Date;
}

const handleColumns =
  'social_media_handle_id, bank_id, customer_id, customer_number, type, handle, date_added, ' +
  'date_activated';

/** Social media handles of a customer, kept at the bank the customer belongs to. */
export function socialMediaHandlers(
  db: SqlDatabase,
): HandlerGroup<'addSocialMediaHandle' | 'getSocialMediaHandles'> {
  return {
    async addSocialMediaHandle(args) {
      const handle: SocialMediaHandle = {
        socialMediaHandleId: randomUUID(),
        bankId: args.bankId,
        customerId: args.customerId,
        customerNumber: args.customerNumber,
        type: args.type,
        handle: args.handle,
        dateAdded: args.dateAdded,
        dateActivated: args.dateActivated,
      };
      // Inserted only if the customer exists at that bank: one statement checks and writes.
      const inserted = await db.query(
        `INSERT INTO social_media_handles (${handleColumns}) ` +
          'SELECT $1::text, c.bank_id, c.customer_id, $4::text, $5::text, $6::text, ' +
          '$7::timestamptz, $8::timestamptz FROM customers c ' +
          'WHERE c.customer_id = $2 AND c.bank_id = $3 RETURNING social_media_handle_id',
        [
          handle.socialMediaHandleId,
          handle.customerId,
          handle.bankId,
          handle.customerNumber,
          handle.type,
          handle.handle,
          handle.dateAdded,
          handle.dateActivated,
        ],
      );
      if (inserted.length === 0) {
        throw new AdapterError(
          'CustomerNotFoundByCustomerId',
          `No customer with that CUSTOMER_ID at bank ${args.bankId}.`,
        );
      }
      return handle;
    },

    async getSocialMediaHandles({ bankId, customerId }) {
      const rows = await db.query<HandleRow>(
        `SELECT ${handleColumns} FROM social_media_handles ` +
          'WHERE customer_id = $1 AND bank_id = $2 ORDER BY date_added, seq',
        [customerId, bankId],
      );
      return rows.map((row) => ({
        socialMediaHandleId: row.social_media_handle_id,
        bankId: row.bank_id,
        customerId: row.customer_id,
        customerNumber: row.customer_number,
        type: row.type,
        handle: row.handle,
        dateAdded: row.date_added,
        dateActivated: row.date_activated,
      }));
    },
  };
}
