import type { Customer } from '../../src/adapter/index.js';

/** A `customers` row as both drivers return it. */
export interface CustomerRow {
  readonly customer_id: string;
  readonly bank_id: string;
  readonly customer_number: string;
  readonly legal_name: string;
  readonly mobile_number: string;
  readonly email: string;
  readonly face_image_url: string;
  readonly face_image_date: Date | null;
  readonly date_of_birth: Date | null;
  readonly relationship_status: string;
  readonly dependents: number;
  /** Epoch milliseconds. */
  readonly dob_of_dependents: number[];
  readonly highest_education_attained: string;
  readonly employment_status: string;
  readonly credit_rating: string | null;
  readonly credit_source: string | null;
  readonly credit_limit_currency: string | null;
  readonly credit_limit_amount: string | null;
  readonly kyc_status: boolean;
  readonly last_ok_date: Date | null;
  readonly title: string;
  readonly branch_id: string;
  readonly name_suffix: string;
  readonly created_at: Date;
}

const columnNames = [
  'customer_id',
  'bank_id',
  'customer_number',
  'legal_name',
  'mobile_number',
  'email',
  'face_image_url',
  'face_image_date',
  'date_of_birth',
  'relationship_status',
  'dependents',
  'dob_of_dependents',
  'highest_education_attained',
  'employment_status',
  'credit_rating',
  'credit_source',
  'credit_limit_currency',
  'credit_limit_amount',
  'kyc_status',
  'last_ok_date',
  'title',
  'branch_id',
  'name_suffix',
  'created_at',
] as const satisfies readonly (keyof CustomerRow)[];

/** The select list of a whole customer, optionally qualified by a table alias (code, never input). */
export function customerColumns(alias?: string): string {
  return columnNames.map((name) => (alias ? `${alias}.${name}` : name)).join(', ');
}

/** The column list of an INSERT of a whole customer, in the order of {@link customerValues}. */
export const customerInsertColumns = customerColumns();

/** `$1, …, $n` for the INSERT of a whole customer. */
export const customerInsertPlaceholders = columnNames
  .map((name, i) => (name === 'dob_of_dependents' ? `$${i + 1}::jsonb` : `$${i + 1}`))
  .join(', ');

/** The parameters of an INSERT of `customer`, in column order. */
export function customerValues(customer: Customer): unknown[] {
  return [
    customer.customerId,
    customer.bankId,
    customer.number,
    customer.legalName,
    customer.mobileNumber,
    customer.email,
    customer.faceImage.url,
    customer.faceImage.date,
    customer.dateOfBirth,
    customer.relationshipStatus,
    customer.dependents,
    JSON.stringify(customer.dobOfDependents.map((date) => date.getTime())),
    customer.highestEducationAttained,
    customer.employmentStatus,
    customer.creditRating?.rating ?? null,
    customer.creditRating?.source ?? null,
    customer.creditLimit?.currency ?? null,
    customer.creditLimit?.amount ?? null,
    customer.kycStatus,
    customer.lastOkDate,
    customer.title,
    customer.branchId,
    customer.nameSuffix,
    customer.createdAt,
  ];
}

/** The connector's Customer record of a row. */
export function customerFromRow(row: CustomerRow): Customer {
  return {
    customerId: row.customer_id,
    bankId: row.bank_id,
    number: row.customer_number,
    legalName: row.legal_name,
    mobileNumber: row.mobile_number,
    email: row.email,
    faceImage: { url: row.face_image_url, date: row.face_image_date },
    dateOfBirth: row.date_of_birth,
    relationshipStatus: row.relationship_status,
    dependents: row.dependents,
    dobOfDependents: row.dob_of_dependents.map((ms) => new Date(ms)),
    highestEducationAttained: row.highest_education_attained,
    employmentStatus: row.employment_status,
    creditRating:
      row.credit_rating === null || row.credit_source === null
        ? null
        : { rating: row.credit_rating, source: row.credit_source },
    creditLimit:
      row.credit_limit_currency === null || row.credit_limit_amount === null
        ? null
        : { currency: row.credit_limit_currency, amount: row.credit_limit_amount },
    kycStatus: row.kyc_status,
    lastOkDate: row.last_ok_date,
    title: row.title,
    branchId: row.branch_id,
    nameSuffix: row.name_suffix,
    createdAt: row.created_at,
  };
}
