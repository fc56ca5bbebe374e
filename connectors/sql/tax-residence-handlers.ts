import { randomUUID } from 'node:crypto';
import type { TaxResidence } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface TaxResidenceRow {
  readonly tax_residence_id: string;
  readonly customer_id: string;
  readonly domain: string;
  readonly tax_number: string;
}

function customerNotFound(): AdapterError {
  return new AdapterError('CustomerNotFoundByCustomerId', 'No customer with that CUSTOMER_ID.');
}

/** Tax residences of a customer, listed in the order they were added (they carry no date). */
export function taxResidenceHandlers(
  db: SqlDatabase,
): HandlerGroup<'createTaxResidence' | 'getTaxResidence' | 'deleteTaxResidence'> {
  return {
    async createTaxResidence(args) {
      const residence: TaxResidence = {
        taxResidenceId: randomUUID(),
        customerId: args.customerId,
        domain: args.domain,
        taxNumber: args.taxNumber,
      };
      // An unknown customer fails the foreign key: CustomerNotFoundByCustomerId.
      await db.query(
        'INSERT INTO tax_residences (tax_residence_id, customer_id, domain, tax_number) ' +
          'VALUES ($1, $2, $3, $4)',
        [residence.taxResidenceId, residence.customerId, residence.domain, residence.taxNumber],
      );
      return residence;
    },

    async getTaxResidence({ customerId }) {
      // seq is the insertion order. No row at all: no such customer.
      const rows = await db.query<TaxResidenceRow | { tax_residence_id: null }>(
        'SELECT t.tax_residence_id, t.customer_id, t.domain, t.tax_number FROM customers c ' +
          'LEFT JOIN tax_residences t ON t.customer_id = c.customer_id ' +
          'WHERE c.customer_id = $1 ORDER BY t.seq',
        [customerId],
      );
      if (rows.length === 0) throw customerNotFound();
      return rows.flatMap((row) =>
        row.tax_residence_id === null
          ? []
          : [
              {
                taxResidenceId: row.tax_residence_id,
                customerId: row.customer_id,
                domain: row.domain,
                taxNumber: row.tax_number,
              },
            ],
      );
    },

    async deleteTaxResidence({ customerId, taxResidenceId }) {
      const deleted = await db.query(
        'DELETE FROM tax_residences WHERE tax_residence_id = $1 AND customer_id = $2 ' +
          'RETURNING tax_residence_id',
        [taxResidenceId, customerId],
      );
      if (deleted.length > 0) return true;
      const customer = await db.first('SELECT 1 AS found FROM customers WHERE customer_id = $1', [
        customerId,
      ]);
      if (!customer) throw customerNotFound();
      throw new AdapterError(
        'TaxResidenceNotFound',
        'The customer has no tax residence with that TAX_RESIDENCE_ID.',
      );
    },
  };
}
