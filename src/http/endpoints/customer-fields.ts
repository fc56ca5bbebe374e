import { z } from 'zod';
import type { AmountOfMoney, CreateCustomerRequestV1 } from '../../codec/generated/messages.js';
import type { ArgsOf } from '../../codec/message-types.js';
import { ObpError } from '../../errors/obp-error.js';
import { obpDateTime } from '../json/obp-date.js';

/** Building blocks of OBP's customer bodies, validated once at the HTTP boundary. */

export const faceImageField = z.object({ url: z.string(), date: obpDateTime });
export const creditRatingField = z.object({ rating: z.string(), source: z.string() });
/** OBP sends amounts as decimal strings; a JSON number is accepted and kept exactly as written. */
export const amountField = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(
    z
      .string()
      .regex(/^-?\d{1,30}(\.\d{1,18})?$/, { message: 'must be a decimal amount like 10.12' }),
  );
export const creditLimitField = z.object({ currency: z.string().max(16), amount: amountField });
export const customerNumberField = z
  .string()
  .max(128)
  .refine((n) => !n.includes('::::'), { message: 'can not contain `::::` characters' });

/** The fields every OBP create-customer body shares, all required (PostCustomerJsonV310 minus title etc.). */
export const customerCoreFields = {
  legal_name: z.string(),
  mobile_phone_number: z.string(),
  email: z.string(),
  face_image: faceImageField,
  date_of_birth: obpDateTime,
  relationship_status: z.string(),
  dependants: z.number().int().min(0).max(1000),
  dob_of_dependants: z.array(obpDateTime).max(1000),
  credit_rating: creditRatingField,
  credit_limit: creditLimitField,
  highest_education_attained: z.string(),
  employment_status: z.string(),
  kyc_status: z.boolean(),
  last_ok_date: obpDateTime,
};

/** OBP's check that dependants matches its dates: 400 OBP-10020. */
export function checkDependants(dependants: number, dobOfDependants: readonly unknown[]): void {
  if (dependants !== dobOfDependants.length) {
    throw new ObpError('InvalidJsonContent', {
      detail: ` The field dependants(${dependants}) not equal the length(${dobOfDependants.length}) of dob_of_dependants array`,
    });
  }
}

/** Everything createCustomer needs, with OBP's defaults for what a body left out. */
export interface CustomerDraft {
  bankId: string;
  customerNumber: string | null;
  legalName: string;
  mobileNumber: string;
  email?: string;
  faceImage?: { url: string; date: Date | null };
  dateOfBirth?: Date | null;
  relationshipStatus?: string;
  dependents?: number;
  dobOfDependents?: Date[];
  highestEducationAttained?: string;
  employmentStatus?: string;
  kycStatus?: boolean;
  lastOkDate?: Date | null;
  creditRating?: { rating: string; source: string } | null;
  creditLimit?: AmountOfMoney | null;
  title?: string;
  branchId?: string;
  nameSuffix?: string;
}

/** The createCustomer arguments for a draft (v5.0.0 defaults: "" strings, 0, false, null dates). */
export function createCustomerArgs(d: CustomerDraft): ArgsOf<'createCustomer'> {
  const args: Omit<CreateCustomerRequestV1, 'outboundAdapterCallContext'> = {
    bankId: d.bankId,
    customerNumber: d.customerNumber,
    legalName: d.legalName,
    mobileNumber: d.mobileNumber,
    email: d.email ?? '',
    faceImage: d.faceImage ?? { url: '', date: null },
    dateOfBirth: d.dateOfBirth ?? null,
    relationshipStatus: d.relationshipStatus ?? '',
    dependents: d.dependents ?? 0,
    dobOfDependents: d.dobOfDependents ?? [],
    highestEducationAttained: d.highestEducationAttained ?? '',
    employmentStatus: d.employmentStatus ?? '',
    kycStatus: d.kycStatus ?? false,
    lastOkDate: d.lastOkDate ?? null,
    creditRating: d.creditRating ?? null,
    creditLimit: d.creditLimit ?? null,
    title: d.title ?? '',
    branchId: d.branchId ?? '',
    nameSuffix: d.nameSuffix ?? '',
  };
  return args;
}
