import { randomUUID } from 'node:crypto';
import type { CustomerAddress } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface AddressRow {
  readonly customer_address_id: string;
  readonly customer_id: string;
  readonly line1: string;
  readonly line2: string;
  readonly line3: string;
  readonly city: string;
  readonly county: string;
  readonly state: string;
  readonly postcode: string;
  readonly country_code: string;
  readonly status: string;
  readonly tags: string[];
  readonly insert_date: Date;
}

const addressColumns =
  'customer_address_id, customer_id, line1, line2, line3, city, county, state, postcode, ' +
  'country_code, status, tags, insert_date';

// One round trip: the customer, and its addresses oldest first. No row: no such customer.
const addressesOfCustomer =
  `SELECT ${addressColumns.replace(/(\w+)/g, 'a.$1')} FROM customers c ` +
  'LEFT JOIN customer_addresses a ON a.customer_id = c.customer_id ' +
  'WHERE c.customer_id = $1 ORDER BY a.insert_date, a.seq';

function addressFromRow(row: AddressRow): CustomerAddress {
  return {
    customerAddressId: row.customer_address_id,
    customerId: row.customer_id,
    line1: row.line1,
    line2: row.line2,
    line3: row.line3,
    city: row.city,
    county: row.county,
    state: row.state,
    postcode: row.postcode,
    countryCode: row.country_code,
    status: row.status,
    tags: [...row.tags],
    insertDate: row.insert_date,
  };
}

function addressNotFound(): AdapterError {
  return new AdapterError(
    'CustomerAddressNotFound',
    'The customer has no address with that CUSTOMER_ADDRESS_ID.',
  );
}

function customerNotFound(): AdapterError {
  return new AdapterError('CustomerNotFoundByCustomerId', 'No customer with that CUSTOMER_ID.');
}

/** Customer addresses. The status is stored as the client sent it (OBP overwrote it with state). */
export function customerAddressHandlers(
  db: SqlDatabase,
  now: () => Date,
): HandlerGroup<
  'createCustomerAddress' | 'getCustomerAddress' | 'updateCustomerAddress' | 'deleteCustomerAddress'
> {
  /** After a statement touched no address: which of the two not-found errors applies. */
  const missing = async (customerId: string): Promise<AdapterError> => {
    const customer = await db.first('SELECT 1 AS found FROM customers WHERE customer_id = $1', [
      customerId,
    ]);
    return customer ? addressNotFound() : customerNotFound();
  };

  return {
    async createCustomerAddress(args) {
      const address: CustomerAddress = {
        customerAddressId: randomUUID(),
        customerId: args.customerId,
        line1: args.line1,
        line2: args.line2,
        line3: args.line3,
        city: args.city,
        county: args.county,
        state: args.state,
        postcode: args.postcode,
        countryCode: args.countryCode,
        status: args.status,
        tags: [...args.tags],
        insertDate: now(),
      };
      // An unknown customer fails the foreign key: CustomerNotFoundByCustomerId.
      await db.query(
        `INSERT INTO customer_addresses (${addressColumns}) ` +
          'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)',
        [
          address.customerAddressId,
          address.customerId,
          address.line1,
          address.line2,
          address.line3,
          address.city,
          address.county,
          address.state,
          address.postcode,
          address.countryCode,
          address.status,
          JSON.stringify(address.tags),
          address.insertDate,
        ],
      );
      return address;
    },

    async getCustomerAddress({ customerId }) {
      const rows = await db.query<AddressRow | { customer_address_id: null }>(addressesOfCustomer, [
        customerId,
      ]);
      if (rows.length === 0) throw customerNotFound();
      return rows.flatMap((row) => (row.customer_address_id === null ? [] : [addressFromRow(row)]));
    },

    async updateCustomerAddress(args) {
      const row = await db.first<AddressRow>(
        'UPDATE customer_addresses SET line1 = $3, line2 = $4, line3 = $5, city = $6, ' +
          'county = $7, state = $8, postcode = $9, country_code = $10, status = $11, ' +
          `tags = $12::jsonb WHERE customer_address_id = $1 AND customer_id = $2 RETURNING ${addressColumns}`,
        [
          args.customerAddressId,
          args.customerId,
          args.line1,
          args.line2,
          args.line3,
          args.city,
          args.county,
          args.state,
          args.postcode,
          args.countryCode,
          args.status,
          JSON.stringify([...args.tags]),
        ],
      );
      if (!row) throw await missing(args.customerId);
      return addressFromRow(row);
    },

    async deleteCustomerAddress({ customerId, customerAddressId }) {
      const deleted = await db.query(
        'DELETE FROM customer_addresses WHERE customer_address_id = $1 AND customer_id = $2 ' +
          'RETURNING customer_address_id',
        [customerAddressId, customerId],
      );
      if (deleted.length === 0) throw await missing(customerId);
      return true;
    },
  };
}
