import { randomUUID } from 'node:crypto';
import type { CustomerAttribute, CustomerAttributeType } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface AttributeRow {
  readonly customer_attribute_id: string;
  readonly bank_id: string;
  readonly customer_id: string;
  readonly name: string;
  readonly attribute_type: CustomerAttributeType;
  readonly value: string;
}

const attributeColumns = 'customer_attribute_id, bank_id, customer_id, name, attribute_type, value';

// One round trip for the hot read: the customer (at that bank) and its attributes, by name (the
// column is COLLATE "C", the memory adapter's code-unit order). No row: no such customer there.
const attributesOfCustomer =
  'SELECT a.customer_attribute_id, a.bank_id, a.customer_id, a.name, a.attribute_type, a.value ' +
  'FROM customers c LEFT JOIN customer_attributes a ON a.customer_id = c.customer_id ' +
  'WHERE c.customer_id = $1 AND c.bank_id = $2 ORDER BY a.name';

// Names are unique per customer: creating a known name updates that attribute, atomically.
const upsertByName =
  `INSERT INTO customer_attributes (${attributeColumns}) ` +
  'SELECT $1::text, c.bank_id, c.customer_id, $4::text, $5::text, $6::text FROM customers c ' +
  'WHERE c.customer_id = $2 AND c.bank_id = $3 ' +
  'ON CONFLICT (customer_id, name) DO UPDATE SET attribute_type = EXCLUDED.attribute_type, ' +
  `value = EXCLUDED.value RETURNING ${attributeColumns}`;

function attributeFromRow(row: AttributeRow): CustomerAttribute {
  return {
    customerAttributeId: row.customer_attribute_id,
    bankId: row.bank_id,
    customerId: row.customer_id,
    name: row.name,
    attributeType: row.attribute_type,
    value: row.value,
  };
}

function customerNotFound(bankId: string): AdapterError {
  return new AdapterError(
    'CustomerNotFoundByCustomerId',
    `No customer with that CUSTOMER_ID at bank ${bankId}.`,
  );
}

/** Customer attributes: names are unique per customer, so creating a known name updates it. */
export function customerAttributeHandlers(
  db: SqlDatabase,
): HandlerGroup<'getCustomerAttributes' | 'createOrUpdateCustomerAttribute'> {
  return {
    async getCustomerAttributes({ bankId, customerId }) {
      const rows = await db.query<AttributeRow | { customer_attribute_id: null }>(
        attributesOfCustomer,
        [customerId, bankId],
      );
      if (rows.length === 0) throw customerNotFound(bankId);
      return rows.flatMap((row) =>
        row.customer_attribute_id === null ? [] : [attributeFromRow(row)],
      );
    },

    async createOrUpdateCustomerAttribute(args) {
      if (args.customerAttributeId === null) {
        const row = await db.first<AttributeRow>(upsertByName, [
          randomUUID(),
          args.customerId,
          args.bankId,
          args.name,
          args.attributeType,
          args.value,
        ]);
        if (!row) throw customerNotFound(args.bankId);
        return attributeFromRow(row);
      }
      const attributeId = args.customerAttributeId;
      return db.atomically(async (tx) => {
        const customer = await tx.first(
          'SELECT 1 AS found FROM customers WHERE customer_id = $1 AND bank_id = $2',
          [args.customerId, args.bankId],
        );
        if (!customer) throw customerNotFound(args.bankId);
        // Renaming onto another attribute's name replaces that one (names are unique).
        await tx.query(
          'DELETE FROM customer_attributes ' +
            'WHERE customer_id = $1 AND name = $2 AND customer_attribute_id <> $3',
          [args.customerId, args.name, attributeId],
        );
        const row = await tx.first<AttributeRow>(
          'UPDATE customer_attributes SET name = $3, attribute_type = $4, value = $5 ' +
            `WHERE customer_attribute_id = $1 AND customer_id = $2 RETURNING ${attributeColumns}`,
          [attributeId, args.customerId, args.name, args.attributeType, args.value],
        );
        // Throwing rolls the delete above back with it.
        if (!row) {
          throw new AdapterError(
            'CustomerAttributeNotFound',
            'The customer has no attribute with that CUSTOMER_ATTRIBUTE_ID.',
          );
        }
        return attributeFromRow(row);
      });
    },
  };
}
