import type {
  Bank,
  CreditLimitRequest,
  CrmEvent,
  CustomerAddress,
  Meeting,
  SocialMediaHandle,
  TaxResidence,
  UserCustomerLink,
} from '../../codec/generated/messages.js';
import { formatDateTime } from './obp-date.js';

/** OBP's JSON shapes for the customer's satellite resources (spec/obp-endpoints.md §3). */

/** CustomerAddressJsonV310. */
export function addressJson(a: CustomerAddress) {
  return {
    customer_address_id: a.customerAddressId,
    customer_id: a.customerId,
    line_1: a.line1,
    line_2: a.line2,
    line_3: a.line3,
    city: a.city,
    county: a.county,
    state: a.state,
    postcode: a.postcode,
    country_code: a.countryCode,
    tags: a.tags,
    status: a.status,
    insert_date: formatDateTime(a.insertDate),
  };
}

/** TaxResidenceV310. */
export function taxResidenceJson(t: TaxResidence) {
  return { domain: t.domain, tax_number: t.taxNumber, tax_residence_id: t.taxResidenceId };
}

/** MeetingJsonV310; the request's `date` comes back as `when`. */
export function meetingJson(m: Meeting) {
  const contact = (c: Meeting['creator']) => ({
    name: c.name,
    mobile_phone: c.phone,
    email_address: c.email,
  });
  return {
    meeting_id: m.meetingId,
    provider_id: m.providerId,
    purpose_id: m.purposeId,
    bank_id: m.bankId,
    present: { staff_user_id: m.present.staffUserId, customer_user_id: m.present.customerUserId },
    keys: {
      session_id: m.keys.sessionId,
      staff_token: m.keys.staffToken,
      customer_token: m.keys.customerToken,
    },
    when: formatDateTime(m.when),
    creator: contact(m.creator),
    invitees: m.invitees.map((i) => ({
      contact_details: contact(i.contactDetails),
      status: i.status,
    })),
  };
}

/** SocialMediaJSON. */
export function socialMediaJson(s: SocialMediaHandle) {
  return {
    customer_number: s.customerNumber,
    type: s.type,
    handle: s.handle,
    date_added: formatDateTime(s.dateAdded),
    date_activated: formatDateTime(s.dateActivated),
  };
}

/** UserCustomerLinkJson. */
export function userCustomerLinkJson(l: UserCustomerLink) {
  return {
    user_customer_link_id: l.userCustomerLinkId,
    customer_id: l.customerId,
    user_id: l.userId,
    date_inserted: formatDateTime(l.dateInserted),
    is_active: l.isActive,
  };
}

/** CrmEventJson. */
export function crmEventJson(e: CrmEvent) {
  return {
    id: e.crmEventId,
    bank_id: e.bankId,
    customer_name: e.customerName,
    customer_number: e.customerNumber,
    category: e.category,
    detail: e.detail,
    channel: e.channel,
    scheduled_date: formatDateTime(e.scheduledDate),
    actual_date: formatDateTime(e.actualDate),
    result: e.result,
  };
}

/** CreditLimitOrderResponseJson: OBP's answer to a new request (token = the request id). */
export function creditLimitOrderResponseJson(r: CreditLimitRequest) {
  const iso = r.createdAt.toISOString();
  return {
    execution_time: iso.slice(11, 19),
    execution_date: iso.slice(0, 10),
    token: r.creditLimitRequestId,
    short_reference: r.shortReference,
  };
}

/**
 * CreditLimitOrderJson (OBP's four fields), plus the request's id, status and what was asked:
 * OBP only ever returned a fixed sample here, so Southgate adds what a real resource needs.
 */
export function creditLimitOrderJson(r: CreditLimitRequest) {
  return {
    rank_amount_1: r.rankAmount1,
    nominal_interest_1: r.nominalInterest1,
    rank_amount_2: r.rankAmount2,
    nominal_interest_2: r.nominalInterest2,
    credit_limit_request_id: r.creditLimitRequestId,
    short_reference: r.shortReference,
    status: r.status,
    requested_current_rate_amount1: r.requestedCurrentRateAmount1,
    requested_current_rate_amount2: r.requestedCurrentRateAmount2,
    requested_current_valid_end_date: r.requestedCurrentValidEndDate,
    current_credit_documentation: r.currentCreditDocumentation,
    temporary_requested_current_amount: r.temporaryRequestedCurrentAmount,
    requested_temporary_valid_end_date: r.requestedTemporaryValidEndDate,
    temporary_credit_documentation: r.temporaryCreditDocumentation,
    created_at: formatDateTime(r.createdAt),
  };
}

/** BankJSON (v1.2.1–v3.1.0): one `bank_routing`. */
export function bankJsonV121(b: Bank) {
  const routing = b.bankRoutings[0];
  return {
    id: b.bankId,
    short_name: b.shortName,
    full_name: b.fullName,
    logo: b.logoUrl,
    website: b.websiteUrl,
    bank_routing: { scheme: routing?.scheme ?? '', address: routing?.address ?? '' },
  };
}

/** BankJson400 (v4.0.0+): every routing in `bank_routings`. */
export function bankJson400(b: Bank) {
  return {
    id: b.bankId,
    short_name: b.shortName,
    full_name: b.fullName,
    logo: b.logoUrl,
    website: b.websiteUrl,
    bank_routings: b.bankRoutings.map((r) => ({ scheme: r.scheme, address: r.address })),
  };
}
