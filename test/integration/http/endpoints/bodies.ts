import { randomUUID } from 'node:crypto';

/**
 * Request bodies for the endpoint tests, filled with the example values of the OBP API Explorer
 * pages in shared/seeds (Eveline Tripman, "+44 07972 444 876", "No 1 the Road", …).
 */

/** The seeds' example date-time, in OBP's `yyyy-MM-dd'T'HH:mm:ss'Z'` format. */
export const seedDateTime = '2017-09-19T00:00:00Z';

/** A customer number nobody else in the run uses. */
export function uniqueCustomerNumber(): string {
  return `cn-${randomUUID().slice(0, 18)}`;
}

/** A bank id nobody else in the run uses. */
export function uniqueBankId(): string {
  return `test.${randomUUID().slice(0, 8)}.bank`;
}

/** The fields every create-customer body of v2.1.0, v3.1.0 and v4.0.0 requires. */
export interface CustomerCoreBody {
  legal_name: string;
  mobile_phone_number: string;
  email: string;
  face_image: { url: string; date: string };
  date_of_birth: string;
  relationship_status: string;
  dependants: number;
  dob_of_dependants: string[];
  credit_rating: { rating: string; source: string };
  credit_limit: { currency: string; amount: string };
  highest_education_attained: string;
  employment_status: string;
  kyc_status: boolean;
  last_ok_date: string;
}

/** PostCustomerJsonV310 (v3.1.0 and v4.0.0 createCustomer). */
export interface CustomerV310Body extends CustomerCoreBody {
  title: string;
  branch_id: string;
  name_suffix: string;
}

/** PostCustomerJsonV210: the core fields plus the user to link and the customer number. */
export interface CustomerV210Body extends CustomerCoreBody {
  user_id: string;
  customer_number: string;
}

/** PostCustomerJsonV500: only legal_name and mobile_phone_number are required. */
export type CustomerV500Body = Partial<CustomerV310Body> & {
  legal_name: string;
  mobile_phone_number: string;
  customer_number?: string;
};

function customerCore(): CustomerCoreBody {
  return {
    legal_name: 'Eveline Tripman',
    mobile_phone_number: '+44 07972 444 876',
    email: 'felixsmith@example.com',
    face_image: { url: 'www.openbankproject', date: seedDateTime },
    date_of_birth: seedDateTime,
    relationship_status: 'single',
    dependants: 1,
    dob_of_dependants: [seedDateTime],
    credit_rating: { rating: 'OBP', source: 'OBP' },
    credit_limit: { currency: 'EUR', amount: '10' },
    highest_education_attained: 'Master',
    employment_status: 'worker',
    kyc_status: true,
    last_ok_date: seedDateTime,
  };
}

export function customerV310Body(overrides: Partial<CustomerV310Body> = {}): CustomerV310Body {
  return { ...customerCore(), title: 'Dr.', branch_id: 'DERBY6', name_suffix: 'Sr', ...overrides };
}

export function customerV210Body(
  userId: string,
  customerNumber: string,
  overrides: Partial<CustomerV210Body> = {},
): CustomerV210Body {
  return { ...customerCore(), user_id: userId, customer_number: customerNumber, ...overrides };
}

export function customerV500Body(overrides: Partial<CustomerV500Body> = {}): CustomerV500Body {
  return { legal_name: 'Eveline Tripman', mobile_phone_number: '+44 07972 444 876', ...overrides };
}

/** PostCustomerAddressJsonV310. */
export interface AddressBody {
  line_1: string;
  line_2: string;
  line_3: string;
  city: string;
  county: string;
  state: string;
  postcode: string;
  country_code: string;
  tags: string[];
  status: string;
}

export function addressBody(overrides: Partial<AddressBody> = {}): AddressBody {
  return {
    line_1: 'No 1 the Road',
    line_2: 'The Place',
    line_3: 'The Hill',
    city: 'Berlin',
    county: '',
    state: 'Brandenburg',
    postcode: '13359',
    country_code: 'DE',
    tags: ['mailing', 'home'],
    status: 'OK',
    ...overrides,
  };
}

/** PostTaxResidenceJsonV310. */
export function taxResidenceBody(): { domain: string; tax_number: string } {
  return { domain: 'Enter some domain', tax_number: 'Enter some number' };
}

/** ContactDetailsJson. */
export const seedContact = {
  name: 'Simon ',
  mobile_phone: '+44 07972 444 876',
  email_address: 'eveline@example.com',
};

/** CreateMeetingJsonV310. */
export function meetingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider_id: 'Chris',
    purpose_id: 'onboarding',
    date: '2017-09-18T22:00:00Z',
    creator: seedContact,
    invitees: [{ contact_details: seedContact, status: 'Good' }],
    ...overrides,
  };
}

/** SocialMediaJSON. */
export function socialMediaBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customer_number: '5987953',
    type: 'twitter',
    handle: '@eveline',
    date_added: seedDateTime,
    date_activated: '2017-09-20T10:30:00Z',
    ...overrides,
  };
}

/** CreditLimitRequestJson: every field a string. */
export function creditLimitRequestBody(): Record<string, string> {
  return {
    requested_current_rate_amount1: '1000',
    requested_current_rate_amount2: '2000',
    requested_current_valid_end_date: '2025-12-31',
    current_credit_documentation: 'Salary slips 2024',
    temporary_requested_current_amount: '500',
    requested_temporary_valid_end_date: '2025-06-30',
    temporary_credit_documentation: 'Holiday budget',
  };
}

/** CustomerAttributeJsonV400, with the v3.1.0 seed's example attribute. */
export function customerAttributeBody(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name: 'SPECIAL_TAX_NUMBER', type: 'STRING', value: '123456789', ...overrides };
}
