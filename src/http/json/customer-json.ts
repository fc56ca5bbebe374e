import type { Customer, CustomerAttribute } from '../../codec/generated/messages.js';
import { formatDateTime, formatDay } from './obp-date.js';

/**
 * Customer JSON in OBP's shapes (spec/obp-endpoints.md §3 "Shared JSON shapes"), field names
 * and order exactly as OBP writes them.
 */

/** CustomerJsonV310: the create, get and update responses from v3.1.0 on. */
export function customerJsonV310(c: Customer) {
  return {
    ...customerJsonV210(c),
    title: c.title,
    branch_id: c.branchId,
    name_suffix: c.nameSuffix,
  };
}

/** CustomerJsonV300: as V310, but dates of birth are `yyyy-MM-dd` strings. */
export function customerJsonV300(c: Customer) {
  return {
    ...customerJsonV310(c),
    date_of_birth: formatDay(c.dateOfBirth),
    dob_of_dependants: c.dobOfDependents.map(formatDay),
  };
}

/** CustomerJsonV210: V310 without title, branch_id and name_suffix. */
export function customerJsonV210(c: Customer) {
  return {
    bank_id: c.bankId,
    customer_id: c.customerId,
    customer_number: c.number,
    legal_name: c.legalName,
    mobile_phone_number: c.mobileNumber,
    email: c.email,
    face_image: { url: c.faceImage.url, date: formatDateTime(c.faceImage.date) },
    date_of_birth: formatDateTime(c.dateOfBirth),
    relationship_status: c.relationshipStatus,
    dependants: c.dependents,
    dob_of_dependants: c.dobOfDependents.map(formatDateTime),
    // OBP's mapped customers always carry these objects, empty when never set.
    credit_rating: { rating: c.creditRating?.rating ?? '', source: c.creditRating?.source ?? '' },
    credit_limit: { currency: c.creditLimit?.currency ?? '', amount: c.creditLimit?.amount ?? '' },
    highest_education_attained: c.highestEducationAttained,
    employment_status: c.employmentStatus,
    kyc_status: c.kycStatus,
    last_ok_date: formatDateTime(c.lastOkDate),
  };
}

/** CustomerAttributeResponseJsonV300. */
export function customerAttributeJson(a: CustomerAttribute) {
  return {
    customer_attribute_id: a.customerAttributeId,
    name: a.name,
    type: a.attributeType,
    value: a.value,
  };
}

/** A customer JSON with its `customer_attributes` (CustomerWithAttributesJsonV310 / V300). */
export function withAttributes<T extends object>(
  json: T,
  attributes: readonly CustomerAttribute[],
) {
  return { ...json, customer_attributes: attributes.map(customerAttributeJson) };
}
