import type { ArgsOf } from '../codec/message-types.js';

/**
 * Arguments of the three customer update methods that change nothing: a null field keeps its
 * value. Spread one and set the fields a request changes.
 */
export const noScaChange: Omit<ArgsOf<'updateCustomerScaData'>, 'customerId'> = {
  mobileNumber: null,
  email: null,
  customerNumber: null,
};

export const noCreditChange: Omit<ArgsOf<'updateCustomerCreditData'>, 'customerId'> = {
  creditRating: null,
  creditSource: null,
  creditLimit: null,
};

export const noGeneralChange: Omit<ArgsOf<'updateCustomerGeneralData'>, 'customerId'> = {
  legalName: null,
  faceImage: null,
  dateOfBirth: null,
  relationshipStatus: null,
  dependents: null,
  highestEducationAttained: null,
  employmentStatus: null,
  title: null,
  branchId: null,
  nameSuffix: null,
};
