import { randomUUID } from 'node:crypto';
import type { Customer } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { drawCustomerNumber, maxCustomerNumberAttempts } from './customer-number.js';
import {
  customerColumns,
  customerFromRow,
  customerInsertColumns,
  customerInsertPlaceholders,
  customerValues,
  type CustomerRow,
} from './customer-row.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

const insertCustomer =
  `INSERT INTO customers (${customerInsertColumns}) VALUES (${customerInsertPlaceholders}) ` +
  'ON CONFLICT (bank_id, customer_number) DO NOTHING RETURNING customer_id';
// Whole statements, built once: a text built per call costs a flatten and a rehash on every
// prepared-statement lookup.
const customerById = `SELECT ${customerColumns()} FROM customers WHERE customer_id = $1`;
const customerByNumber = `SELECT ${customerColumns()} FROM customers WHERE bank_id = $1 AND customer_number = $2`;

/** Creating customers and reading one customer, by id or by number. */
export function customerHandlers(
  db: SqlDatabase,
  now: () => Date,
  draw: () => string = drawCustomerNumber,
): HandlerGroup<
  | 'createCustomer'
  | 'checkCustomerNumberAvailable'
  | 'getCustomerByCustomerId'
  | 'getCustomerByCustomerNumber'
> {
  return {
    async createCustomer({ customerNumber, ...fields }) {
      const createdAt = now();
      for (let attempt = 0; attempt < maxCustomerNumberAttempts; attempt++) {
        const customer: Customer = {
          customerId: randomUUID(),
          bankId: fields.bankId,
          number: customerNumber ?? draw(),
          legalName: fields.legalName,
          mobileNumber: fields.mobileNumber,
          email: fields.email,
          faceImage: { url: fields.faceImage.url, date: fields.faceImage.date },
          dateOfBirth: fields.dateOfBirth,
          relationshipStatus: fields.relationshipStatus,
          dependents: fields.dependents,
          dobOfDependents: [...fields.dobOfDependents],
          highestEducationAttained: fields.highestEducationAttained,
          employmentStatus: fields.employmentStatus,
          creditRating: fields.creditRating && {
            rating: fields.creditRating.rating,
            source: fields.creditRating.source,
          },
          creditLimit: fields.creditLimit && {
            currency: fields.creditLimit.currency,
            amount: fields.creditLimit.amount,
          },
          kycStatus: fields.kycStatus,
          lastOkDate: fields.lastOkDate,
          title: fields.title,
          branchId: fields.branchId,
          nameSuffix: fields.nameSuffix,
          createdAt,
        };
        // The unique constraint decides atomically; an unknown bank fails its foreign key
        // (BankNotFound). Nothing is inserted on a conflict, so the transaction stays usable.
        const inserted = await db.query(insertCustomer, customerValues(customer));
        if (inserted.length > 0) return customer;
        if (customerNumber !== null) {
          throw new AdapterError(
            'CustomerNumberAlreadyExists',
            `The customer number is taken at bank ${fields.bankId}.`,
          );
        }
      }
      throw new AdapterError(
        'CreateCustomerError',
        `No free customer number found in ${maxCustomerNumberAttempts} attempts.`,
      );
    },

    async checkCustomerNumberAvailable({ bankId, customerNumber }) {
      const taken = await db.first(
        'SELECT 1 AS taken FROM customers WHERE bank_id = $1 AND customer_number = $2',
        [bankId, customerNumber],
      );
      return taken === undefined;
    },

    async getCustomerByCustomerId({ customerId }) {
      const row = await db.first<CustomerRow>(customerById, [customerId]);
      if (!row) {
        throw new AdapterError(
          'CustomerNotFoundByCustomerId',
          'No customer with that CUSTOMER_ID.',
        );
      }
      return customerFromRow(row);
    },

    async getCustomerByCustomerNumber({ bankId, customerNumber }) {
      const row = await db.first<CustomerRow>(customerByNumber, [bankId, customerNumber]);
      if (!row) {
        throw new AdapterError(
          'CustomerNotFound',
          `No customer with that number at bank ${bankId}.`,
        );
      }
      return customerFromRow(row);
    },
  };
}
