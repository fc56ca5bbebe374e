import { expect } from 'chai';
import type { Response } from 'supertest';

/** OBP's response date-time format, `yyyy-MM-dd'T'HH:mm:ss'Z'`. */
export const obpDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** The `yyyy-MM-dd` form of the V300 customer shapes' dates of birth. */
export const obpDayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** OBP's error body. */
export interface ErrorBody {
  code: number;
  message: string;
}

/** Asserts the `Correlation-Id` header OBP puts on every response. */
export function expectCorrelationId(res: Response): void {
  expect(res.headers['correlation-id'], 'Correlation-Id header').to.be.a('string').and.not.empty;
}

/**
 * Asserts a success: exactly `status`, the Correlation-Id header, and returns the body typed as
 * the caller expects it (the caller then asserts its shape).
 */
export function expectSuccess<T>(res: Response, status: number): T {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expectCorrelationId(res);
  return res.body as T;
}

/**
 * Asserts an OBP error: exactly `status`, a body of `code` (equal to the status) and a `message`
 * starting with the OBP code, and the Correlation-Id header. Returns the message for further
 * checks of its detail.
 */
export function expectObpError(res: Response, status: number, code: string): string {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expectCorrelationId(res);
  const body = res.body as ErrorBody;
  expect(Object.keys(body)).to.deep.equal(['code', 'message']);
  expect(body.code).to.equal(status);
  expect(body.message).to.be.a('string');
  expect(body.message.startsWith(`${code}: `), body.message).to.equal(true);
  return body.message;
}

/** The keys of CustomerJsonV210 (the v2.1.0 shape: no title, branch_id or name_suffix). */
export const customerV210Keys = [
  'bank_id',
  'customer_id',
  'customer_number',
  'legal_name',
  'mobile_phone_number',
  'email',
  'face_image',
  'date_of_birth',
  'relationship_status',
  'dependants',
  'dob_of_dependants',
  'credit_rating',
  'credit_limit',
  'highest_education_attained',
  'employment_status',
  'kyc_status',
  'last_ok_date',
] as const;

/** The keys of CustomerJsonV310, and of CustomerJsonV300 (which differs in date formats only). */
export const customerV310Keys = [...customerV210Keys, 'title', 'branch_id', 'name_suffix'];

/** The keys of CustomerWithAttributesJsonV310 / V300. */
export const customerWithAttributesKeys = [...customerV310Keys, 'customer_attributes'];

/** The keys of CustomerAttributeResponseJsonV300. */
export const customerAttributeKeys = ['customer_attribute_id', 'name', 'type', 'value'];

/** A customer as OBP writes it, in any of its shapes (the later fields are shape-dependent). */
export interface CustomerJson {
  bank_id: string;
  customer_id: string;
  customer_number: string;
  legal_name: string;
  mobile_phone_number: string;
  email: string;
  face_image: { url: string; date: string | null };
  date_of_birth: string | null;
  relationship_status: string;
  dependants: number;
  dob_of_dependants: string[];
  credit_rating: { rating: string; source: string };
  credit_limit: { currency: string; amount: string };
  highest_education_attained: string;
  employment_status: string;
  kyc_status: boolean;
  last_ok_date: string | null;
  title?: string;
  branch_id?: string;
  name_suffix?: string;
  customer_attributes?: CustomerAttributeJson[];
}

/** CustomerAttributeResponseJsonV300. */
export interface CustomerAttributeJson {
  customer_attribute_id: string;
  name: string;
  type: string;
  value: string;
}

/** `{customers: [...]}` in every list shape. */
export interface CustomersJson {
  customers: CustomerJson[];
}
