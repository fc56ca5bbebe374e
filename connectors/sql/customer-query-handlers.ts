import type { ArgsOf } from '../../src/adapter/index.js';
import { customerColumns, customerFromRow, type CustomerRow } from './customer-row.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

const customersOfUser =
  `SELECT ${customerColumns('c')} FROM user_customer_links l ` +
  'JOIN customers c ON c.customer_id = l.customer_id ' +
  'WHERE l.user_id = $1 AND l.is_active ORDER BY l.date_inserted, l.seq';

// ESCAPE '' turns the escape character off: only % and _ are special, a backslash is itself.
// LIKE is case-sensitive, and its pattern is a parameter, never part of the text.
const customersByPhonePattern =
  `SELECT ${customerColumns()} FROM customers ` +
  "WHERE bank_id = $1 AND mobile_number LIKE $2 ESCAPE '' ORDER BY seq";

const selectPage = `SELECT ${customerColumns('c')} FROM customers c`;

/** The customer searches: by linked user, the paged list, and by phone-number pattern. */
export function customerQueryHandlers(
  db: SqlDatabase,
): HandlerGroup<'getCustomersByUserId' | 'getCustomers' | 'getCustomersByCustomerPhoneNumber'> {
  return {
    async getCustomersByUserId({ userId }) {
      return (await db.query<CustomerRow>(customersOfUser, [userId])).map(customerFromRow);
    },

    async getCustomers(query) {
      const { text, params } = customerPageQuery(query);
      return (await db.query<CustomerRow>(text, params)).map(customerFromRow);
    },

    async getCustomersByCustomerPhoneNumber({ bankId, phoneNumber }) {
      const rows = await db.query<CustomerRow>(customersByPhonePattern, [bankId, phoneNumber]);
      return rows.map(customerFromRow);
    },
  };
}

/**
 * The getCustomers statement: only the conditions a query uses, so each shape gets the index it
 * needs. The text is assembled from fixed fragments and placeholder numbers; every value —
 * bank, dates, attribute names and values, limit and offset — is a parameter.
 */
export function customerPageQuery(query: ArgsOf<'getCustomers'>): {
  text: string;
  params: unknown[];
} {
  const params: unknown[] = [];
  const placeholder = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (query.bankId !== null) conditions.push(`c.bank_id = ${placeholder(query.bankId)}`);
  if (query.fromDate !== null) conditions.push(`c.created_at >= ${placeholder(query.fromDate)}`);
  if (query.toDate !== null) conditions.push(`c.created_at <= ${placeholder(query.toDate)}`);
  for (const filter of query.attributeFilters) {
    conditions.push(
      'EXISTS (SELECT 1 FROM customer_attributes a WHERE a.customer_id = c.customer_id ' +
        `AND a.name = ${placeholder(filter.name)} AND a.value = ${placeholder(filter.value)})`,
    );
  }
  const direction = query.sortDirection === 'DESC' ? 'DESC' : 'ASC';
  const text =
    selectPage +
    (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
    ` ORDER BY c.created_at ${direction}, c.customer_id ${direction}` +
    ` LIMIT ${placeholder(query.limit)} OFFSET ${placeholder(query.offset)}`;
  return { text, params };
}
