/**
 * A valid body for every endpoint that takes one, by operation id, with the seed documents'
 * example values. The generated matrices use them so a request reaches the check under test
 * (some OBP endpoints parse the body before checking roles).
 */
const date = '2017-09-19T00:00:00Z';
const customerCore = {
  legal_name: 'Eveline Tripman',
  mobile_phone_number: '+44 07972 444 876',
  email: 'eveline@example.com',
  face_image: { url: 'www.openbankproject', date },
  date_of_birth: date,
  relationship_status: 'single',
  dependants: 1,
  dob_of_dependants: [date],
  credit_rating: { rating: 'OBP', source: 'OBP' },
  credit_limit: { currency: 'EUR', amount: '10' },
  highest_education_attained: 'Master',
  employment_status: 'worker',
  kyc_status: true,
  last_ok_date: date,
};
const address = {
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
};
const contact = {
  name: 'Simon',
  mobile_phone: '+44 07972 444 876',
  email_address: 'eveline@example.com',
};

export const sampleBodies: Readonly<Record<string, unknown>> = {
  'OBPv4.0.0-createBank': {
    id: 'sample-bank',
    short_name: 'Sample',
    full_name: 'Sample Bank',
    logo: '',
    website: '',
    bank_routings: [],
  },
  'OBPv2.0.0-createUser': {
    email: 'felixsmith@example.com',
    username: 'felixsmith',
    password: 'Str0ng!Passw0rd',
    first_name: 'Felix',
    last_name: 'Smith',
  },
  'OBPv2.0.0-addEntitlement': { bank_id: 'gh.29.uk', role_name: 'CanGetCustomer' },
  'OBPv2.1.0-createCustomer': { user_id: '', customer_number: '', ...customerCore },
  'OBPv3.1.0-createCustomer': {
    ...customerCore,
    title: 'Dr.',
    branch_id: 'DERBY6',
    name_suffix: 'Sr',
  },
  'OBPv4.0.0-createCustomer': {
    ...customerCore,
    title: 'Dr.',
    branch_id: 'DERBY6',
    name_suffix: 'Sr',
  },
  'OBPv5.0.0-createCustomer': {
    legal_name: 'Eveline Tripman',
    mobile_phone_number: '+44 07972 444 876',
  },
  'OBPv3.1.0-getCustomerByCustomerNumber': { customer_number: '5987953' },
  'OBPv4.0.0-getCustomersByCustomerPhoneNumber': { mobile_phone_number: '+44%' },
  'OBPv3.1.0-updateCustomerEmail': { email: 'eveline@example.com' },
  'OBPv3.1.0-updateCustomerNumber': { customer_number: '5987953' },
  'OBPv3.1.0-updateCustomerMobileNumber': { mobile_phone_number: '+44 07972 444 876' },
  'OBPv3.1.0-updateCustomerIdentity': {
    legal_name: 'Eveline Tripman',
    date_of_birth: date,
    title: 'Dr.',
    name_suffix: 'Sr',
  },
  'OBPv3.1.0-updateCustomerCreditLimit': { credit_limit: { currency: 'EUR', amount: '1000' } },
  'OBPv3.1.0-updateCustomerCreditRatingAndSource': { credit_rating: 'OBP', credit_source: 'OBP' },
  'OBPv3.1.0-updateCustomerBranch': { branch_id: 'DERBY6' },
  'OBPv3.1.0-updateCustomerData': {
    face_image: { url: 'www.openbankproject', date },
    relationship_status: 'single',
    dependants: 1,
    highest_education_attained: 'Master',
    employment_status: 'worker',
  },
  'OBPv4.0.0-createCustomerAttribute': {
    name: 'SPECIAL_TAX_NUMBER',
    type: 'STRING',
    value: '123456789',
  },
  'OBPv3.1.0-createCustomerAddress': address,
  'OBPv3.1.0-updateCustomerAddress': address,
  'OBPv3.1.0-createTaxResidence': { domain: 'Enter some domain', tax_number: 'Enter some number' },
  'OBPv3.1.0-createMeeting': {
    provider_id: 'Chris',
    purpose_id: 'onboarding',
    date,
    creator: contact,
    invitees: [{ contact_details: contact, status: 'INVITED' }],
  },
  'OBPv2.0.0-addSocialMediaHandle': {
    customer_number: '5987953',
    type: 'twitter',
    handle: '@eveline',
    date_added: date,
    date_activated: date,
  },
  'OBPv2.0.0-createUserCustomerLinks': {
    user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
    customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  },
  'OBPv4.0.0-createUserCustomerLinks': {
    user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
    customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  },
  'OBPv3.1.0-createCreditLimitRequest': {
    requested_current_rate_amount1: '1000',
    requested_current_rate_amount2: '500',
    requested_current_valid_end_date: '2025-12-31',
    current_credit_documentation: 'Payslips',
    temporary_requested_current_amount: '250',
    requested_temporary_valid_end_date: '2025-03-31',
    temporary_credit_documentation: 'Travel',
  },
};
