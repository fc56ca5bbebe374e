import { AdapterError } from '../../src/adapter/index.js';
import { customerColumns, customerFromRow, type CustomerRow } from './customer-row.js';
import type { HandlerGroup } from './handler-group.js';
import type { SqlDatabase } from './sql-database.js';

const returningCustomer = `RETURNING ${customerColumns()}`;

// One statement each: the row is changed atomically, and a number taken by another customer of
// the bank fails the unique constraint (CustomerNumberAlreadyExists) with nothing changed.
const updateScaData =
  'UPDATE customers SET mobile_number = COALESCE($2, mobile_number), ' +
  'email = COALESCE($3, email), customer_number = COALESCE($4, customer_number) ' +
  `WHERE customer_id = $1 ${returningCustomer}`;

// A rating or a source alone creates the rating record, the other part '' until given.
const updateCreditData =
  'UPDATE customers SET ' +
  'credit_rating = CASE WHEN $2::text IS NULL AND $3::text IS NULL THEN credit_rating ' +
  "ELSE COALESCE($2::text, credit_rating, '') END, " +
  'credit_source = CASE WHEN $2::text IS NULL AND $3::text IS NULL THEN credit_source ' +
  "ELSE COALESCE($3::text, credit_source, '') END, " +
  'credit_limit_currency = COALESCE($4, credit_limit_currency), ' +
  'credit_limit_amount = COALESCE($5, credit_limit_amount) ' +
  `WHERE customer_id = $1 ${returningCustomer}`;

const updateGeneralData =
  'UPDATE customers SET legal_name = COALESCE($2, legal_name), ' +
  'face_image_url = CASE WHEN $3::boolean THEN $4::text ELSE face_image_url END, ' +
  'face_image_date = CASE WHEN $3::boolean THEN $5::timestamptz ELSE face_image_date END, ' +
  'date_of_birth = COALESCE($6, date_of_birth), ' +
  'relationship_status = COALESCE($7, relationship_status), ' +
  'dependents = COALESCE($8, dependents), ' +
  'highest_education_attained = COALESCE($9, highest_education_attained), ' +
  'employment_status = COALESCE($10, employment_status), title = COALESCE($11, title), ' +
  'branch_id = COALESCE($12, branch_id), name_suffix = COALESCE($13, name_suffix) ' +
  `WHERE customer_id = $1 ${returningCustomer}`;

/** The three partial customer updates; a null field always means "leave unchanged". */
export function customerUpdateHandlers(
  db: SqlDatabase,
): HandlerGroup<
  'updateCustomerScaData' | 'updateCustomerCreditData' | 'updateCustomerGeneralData'
> {
  const updated = async (text: string, params: unknown[]) => {
    const row = await db.first<CustomerRow>(text, params);
    if (!row) {
      throw new AdapterError('CustomerNotFoundByCustomerId', 'No customer with that CUSTOMER_ID.');
    }
    return customerFromRow(row);
  };

  return {
    updateCustomerScaData: (args) =>
      updated(updateScaData, [args.customerId, args.mobileNumber, args.email, args.customerNumber]),

    updateCustomerCreditData: (args) =>
      updated(updateCreditData, [
        args.customerId,
        args.creditRating,
        args.creditSource,
        args.creditLimit?.currency ?? null,
        args.creditLimit?.amount ?? null,
      ]),

    updateCustomerGeneralData: (args) =>
      updated(updateGeneralData, [
        args.customerId,
        args.legalName,
        args.faceImage !== null,
        args.faceImage?.url ?? null,
        args.faceImage?.date ?? null,
        args.dateOfBirth,
        args.relationshipStatus,
        args.dependents,
        args.highestEducationAttained,
        args.employmentStatus,
        args.title,
        args.branchId,
        args.nameSuffix,
      ]),
  };
}
