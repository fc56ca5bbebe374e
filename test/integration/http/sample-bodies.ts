import {
  addressBody,
  creditLimitRequestBody,
  customerAttributeBody,
  customerV210Body,
  customerV310Body,
  customerV500Body,
  meetingBody,
  socialMediaBody,
  taxResidenceBody,
} from './endpoints/bodies.js';

const date = '2017-09-19T00:00:00Z';

/**
 * A valid body for every endpoint that takes one, by operation id, with the seed documents'
 * example values. The generated matrices use them so a request reaches the check under test
 * (some OBP endpoints parse the body before checking roles).
 */
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
  'OBPv2.1.0-createCustomer': customerV210Body('', ''),
  'OBPv3.1.0-createCustomer': customerV310Body(),
  'OBPv4.0.0-createCustomer': customerV310Body(),
  'OBPv5.0.0-createCustomer': customerV500Body(),
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
  'OBPv4.0.0-createCustomerAttribute': customerAttributeBody(),
  'OBPv3.1.0-createCustomerAddress': addressBody(),
  'OBPv3.1.0-updateCustomerAddress': addressBody(),
  'OBPv3.1.0-createTaxResidence': taxResidenceBody(),
  'OBPv3.1.0-createMeeting': meetingBody(),
  'OBPv2.0.0-addSocialMediaHandle': socialMediaBody(),
  'OBPv2.0.0-createUserCustomerLinks': {
    user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
    customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  },
  'OBPv4.0.0-createUserCustomerLinks': {
    user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
    customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  },
  'OBPv3.1.0-createCreditLimitRequest': creditLimitRequestBody(),
};
