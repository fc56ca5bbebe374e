import type { Bank, BankRouting } from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

interface BankRow {
  readonly bank_id: string;
  readonly short_name: string;
  readonly full_name: string;
  readonly logo_url: string;
  readonly website_url: string;
  readonly bank_routings: BankRouting[];
}

const bankColumns = 'bank_id, short_name, full_name, logo_url, website_url, bank_routings';
// Built once: a text built per call costs a flatten and a rehash on every prepared-statement lookup.
const bankById = `SELECT ${bankColumns} FROM banks WHERE bank_id = $1`;

function bankFromRow(row: BankRow): Bank {
  return {
    bankId: row.bank_id,
    shortName: row.short_name,
    fullName: row.full_name,
    logoUrl: row.logo_url,
    websiteUrl: row.website_url,
    bankRoutings: row.bank_routings.map(({ scheme, address }) => ({ scheme, address })),
  };
}

/** getBank, getBanks and createOrUpdateBank. */
export function bankHandlers(
  db: SqlDatabase,
): HandlerGroup<'getBank' | 'getBanks' | 'createOrUpdateBank'> {
  return {
    async getBank({ bankId }) {
      const row = await db.first<BankRow>(bankById, [bankId]);
      if (!row) throw new AdapterError('BankNotFound', 'No bank with that BANK_ID.');
      return bankFromRow(row);
    },

    async getBanks() {
      // bank_id is COLLATE "C": code-unit order, as the memory adapter sorts.
      const rows = await db.query<BankRow>(`SELECT ${bankColumns} FROM banks ORDER BY bank_id`);
      return rows.map(bankFromRow);
    },

    async createOrUpdateBank(args) {
      const routings = args.bankRoutings.map(({ scheme, address }) => ({ scheme, address }));
      const row = await db.one<BankRow>(
        `INSERT INTO banks (${bankColumns}) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
         ON CONFLICT (bank_id) DO UPDATE SET short_name = EXCLUDED.short_name,
           full_name = EXCLUDED.full_name, logo_url = EXCLUDED.logo_url,
           website_url = EXCLUDED.website_url, bank_routings = EXCLUDED.bank_routings
         RETURNING ${bankColumns}`,
        [
          args.bankId,
          args.shortName,
          args.fullName,
          args.logoUrl,
          args.websiteUrl,
          JSON.stringify(routings),
        ],
      );
      return bankFromRow(row);
    },
  };
}
