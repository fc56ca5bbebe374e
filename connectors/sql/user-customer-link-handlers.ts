import { randomUUID } from 'node:crypto';
import type { UserCustomerLink } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface LinkRow {
  readonly user_customer_link_id: string;
  readonly bank_id: string;
  readonly user_id: string;
  readonly customer_id: string;
  readonly date_inserted: Date;
  readonly is_active: boolean;
}

const linkColumns =
  'user_customer_link_id, bank_id, user_id, customer_id, date_inserted, is_active';

// Inserted only for a customer of that bank; the pair constraint makes a second link of the
// same user and customer a no-op, told apart below.
const insertLink =
  `INSERT INTO user_customer_links (${linkColumns}) ` +
  'SELECT $1::text, c.bank_id, $3::text, c.customer_id, $4::timestamptz, $5::boolean ' +
  'FROM customers c WHERE c.customer_id = $2 AND c.bank_id = $6 ' +
  'ON CONFLICT (user_id, customer_id) DO NOTHING RETURNING user_customer_link_id';

function linkFromRow(row: LinkRow): UserCustomerLink {
  return {
    userCustomerLinkId: row.user_customer_link_id,
    bankId: row.bank_id,
    userId: row.user_id,
    customerId: row.customer_id,
    dateInserted: row.date_inserted,
    isActive: row.is_active,
  };
}

/** Links between gateway users and customers; at most one link per (user, customer) pair. */
export function userCustomerLinkHandlers(
  db: SqlDatabase,
): HandlerGroup<
  | 'createUserCustomerLink'
  | 'getUserCustomerLinksByUserId'
  | 'getUserCustomerLinksByCustomerId'
  | 'deleteUserCustomerLink'
> {
  const linksWhere = async (column: 'user_id' | 'customer_id', id: string) =>
    (
      await db.query<LinkRow>(
        `SELECT ${linkColumns} FROM user_customer_links WHERE ${column} = $1 ` +
          'ORDER BY date_inserted, seq',
        [id],
      )
    ).map(linkFromRow);

  return {
    async createUserCustomerLink(args) {
      const link: UserCustomerLink = {
        userCustomerLinkId: randomUUID(),
        bankId: args.bankId,
        userId: args.userId,
        customerId: args.customerId,
        dateInserted: args.dateInserted,
        isActive: args.isActive,
      };
      const inserted = await db.query(insertLink, [
        link.userCustomerLinkId,
        link.customerId,
        link.userId,
        link.dateInserted,
        link.isActive,
        link.bankId,
      ]);
      if (inserted.length > 0) return link;
      const customer = await db.first<{ bank_id: string }>(
        'SELECT bank_id FROM customers WHERE customer_id = $1',
        [args.customerId],
      );
      if (!customer) {
        throw new AdapterError(
          'CustomerNotFoundByCustomerId',
          'No customer with that CUSTOMER_ID.',
        );
      }
      if (customer.bank_id !== args.bankId) {
        throw new AdapterError(
          'InvalidCustomerBankId',
          `The customer is not at bank ${args.bankId}.`,
        );
      }
      throw new AdapterError(
        'CustomerAlreadyExistsForUser',
        'The user is already linked to this customer.',
      );
    },

    getUserCustomerLinksByUserId: ({ userId }) => linksWhere('user_id', userId),

    getUserCustomerLinksByCustomerId: ({ customerId }) => linksWhere('customer_id', customerId),

    async deleteUserCustomerLink({ bankId, userCustomerLinkId }) {
      const deleted = await db.query(
        'DELETE FROM user_customer_links WHERE user_customer_link_id = $1 AND bank_id = $2 ' +
          'RETURNING user_customer_link_id',
        [userCustomerLinkId, bankId],
      );
      if (deleted.length === 0) {
        throw new AdapterError(
          'UserCustomerLinkNotFound',
          'No user-customer link with that USER_CUSTOMER_LINK_ID at that bank.',
        );
      }
      return true;
    },
  };
}
