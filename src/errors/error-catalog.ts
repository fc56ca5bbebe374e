/**
 * Every error Southgate answers with, as data (STYLE.md §6, after kafkajs's protocol/error.js):
 * OBP's code and exact text (spec/obp-endpoints.md §6, spec/obp-connector.md §7), the HTTP
 * status, and whether trying again can help. Retries and circuit breakers read `retriable` only.
 * A null `code` marks one of OBP's few texts that carry no code; its message is sent bare.
 */
export interface ErrorDefinition {
  readonly code: string | null;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly message: string;
}

const define = <T extends Record<string, ErrorDefinition>>(table: T): T => table;

export const errorCatalog = define({
  // Infrastructure (OBP-00xxx)
  AccountFirehoseNotAllowedOnThisInstance: {
    code: 'OBP-00009',
    httpStatus: 400,
    retriable: false,
    message:
      'Account firehose is not allowed on this instance. Please set allow_account_firehose = true in props files. ',
  },
  CustomerFirehoseNotAllowedOnThisInstance: {
    code: 'OBP-00012',
    httpStatus: 400,
    retriable: false,
    message:
      'Customer firehose is not allowed on this instance. Please set allow_customer_firehose = true in props files. ',
  },

  // General (OBP-10xxx)
  InvalidJsonFormat: {
    code: 'OBP-10001',
    httpStatus: 400,
    retriable: false,
    message: 'Incorrect json format.',
  },
  IncorrectRoleName: {
    code: 'OBP-10007',
    httpStatus: 400,
    retriable: false,
    message: 'Incorrect Role name:',
  },
  MaximumLimitExceeded: {
    code: 'OBP-10012',
    httpStatus: 400,
    retriable: false,
    message: 'Invalid value. Maximum number is 10000.',
  },
  InvalidJsonContent: {
    code: 'OBP-10020',
    httpStatus: 400,
    retriable: false,
    message: 'Incorrect json.',
  },
  FilterSortDirectionError: {
    code: 'OBP-10023',
    httpStatus: 400,
    retriable: false,
    message: 'obp_sort_direction parameter can only take two values: DESC or ASC!',
  },
  FilterOffsetError: {
    code: 'OBP-10024',
    httpStatus: 400,
    retriable: false,
    message: 'wrong value for obp_offset parameter. Please send a positive integer (=>0)!',
  },
  FilterLimitError: {
    code: 'OBP-10025',
    httpStatus: 400,
    retriable: false,
    message: 'wrong value for obp_limit parameter. Please send a positive integer (=>1)!',
  },
  FilterDateFormatError: {
    code: 'OBP-10026',
    httpStatus: 400,
    retriable: false,
    message: "Failed to parse date string. Please use this format yyyy-MM-dd'T'HH:mm:ss.SSS'Z'!",
  },
  InvalidUrlParameters: {
    code: 'OBP-10034',
    httpStatus: 400,
    retriable: false,
    message: 'Invalid URL parameters.',
  },
  ServiceIsTooBusy: {
    code: 'OBP-10040',
    httpStatus: 503,
    retriable: true,
    message: 'The Service is too busy, please try it later.',
  },
  InvalidUri: {
    code: 'OBP-10404',
    httpStatus: 404,
    retriable: false,
    message:
      '404 Not Found. The server could not find the requested URI. Please double check your URL, headers and body. Note: When you are making a POST or PUT request, the Content-Type header MUST be `application/json`. Note: OBP only supports JSON formatted bodies.',
  },
  ResourceDoesNotExist: {
    code: 'OBP-10405',
    httpStatus: 404,
    retriable: false,
    message: 'Resource does not exist.',
  },

  // Authentication and users (OBP-20xxx)
  UserNotLoggedIn: {
    code: 'OBP-20001',
    httpStatus: 401,
    retriable: false,
    message: 'User not logged in. Authentication is required!',
  },
  DirectLoginMissingParameters: {
    code: 'OBP-20002',
    httpStatus: 400,
    retriable: false,
    message: 'These DirectLogin parameters are missing:',
  },
  DirectLoginInvalidToken: {
    code: 'OBP-20003',
    httpStatus: 401,
    retriable: false,
    message: 'This DirectLogin token is invalid or expired:',
  },
  InvalidLoginCredentials: {
    code: 'OBP-20004',
    httpStatus: 401,
    retriable: false,
    message: 'Invalid login credentials. Check username/password.',
  },
  UserNotFoundById: {
    code: 'OBP-20005',
    httpStatus: 404,
    retriable: false,
    message: 'User not found. Please specify a valid value for USER_ID.',
  },
  UserHasMissingRoles: {
    code: 'OBP-20006',
    httpStatus: 403,
    retriable: false,
    message: 'User is missing one or more roles: ',
  },
  InvalidConsumerKey: {
    code: 'OBP-20008',
    httpStatus: 401,
    retriable: false,
    message: 'Invalid Consumer Key.',
  },
  InvalidValueLength: {
    code: 'OBP-20010',
    httpStatus: 400,
    retriable: false,
    message: 'Value too long',
  },
  InvalidDirectLoginParameters: {
    code: 'OBP-20012',
    httpStatus: 400,
    retriable: false,
    message: 'Invalid direct login parameters',
  },
  UsernameHasBeenLocked: {
    code: 'OBP-20013',
    httpStatus: 401,
    retriable: false,
    message: 'The account has been locked, please contact an administrator!',
  },
  UserNotFoundByProviderAndUsername: {
    code: 'OBP-20027',
    httpStatus: 404,
    retriable: false,
    message: 'User not found by provider and username.',
  },
  UserNotSuperAdmin: {
    code: 'OBP-20050',
    httpStatus: 403,
    retriable: false,
    message: 'Current User is not a Super Admin!',
  },
  UserNotFoundByUserId: {
    code: 'OBP-20057',
    httpStatus: 404,
    retriable: false,
    message: 'User not found by userId.',
  },
  ConsumerIsDisabled: {
    code: 'OBP-20058',
    httpStatus: 401,
    retriable: false,
    message: 'Consumer is disabled.',
  },
  MissingDirectLoginHeader: {
    code: 'OBP-20082',
    httpStatus: 400,
    retriable: false,
    message: 'Missing DirectLogin or Authorization header.',
  },
  InvalidDirectLoginHeader: {
    code: 'OBP-20083',
    httpStatus: 400,
    retriable: false,
    message: 'Missing DirectLogin word at the value of Authorization header.',
  },
  InvalidUuidValue: {
    code: 'OBP-20253',
    httpStatus: 400,
    retriable: false,
    message: 'Invalid format. Must be a UUID.',
  },
  InvalidRequestIdValueAlreadyUsed: {
    code: 'OBP-20255',
    httpStatus: 422,
    retriable: false,
    message: 'Request Id value already used. ',
  },
  DuplicateUsername: {
    code: 'OBP-20258',
    httpStatus: 409,
    retriable: false,
    message: 'Duplicate Username. Cannot create Username because it already exists. ',
  },

  // Resources (OBP-30xxx)
  BankNotFound: {
    code: 'OBP-30001',
    httpStatus: 404,
    retriable: false,
    message: 'Bank not found. Please specify a valid value for BANK_ID.',
  },
  CustomerNotFound: {
    code: 'OBP-30002',
    httpStatus: 404,
    retriable: false,
    message: 'Customer not found. Please specify a valid value for CUSTOMER_NUMBER.',
  },
  CustomerNumberAlreadyExists: {
    code: 'OBP-30006',
    httpStatus: 400,
    retriable: false,
    message:
      'Customer Number already exists. Please specify a different value for BANK_ID or CUSTOMER_NUMBER.',
  },
  CustomerAlreadyExistsForUser: {
    code: 'OBP-30007',
    httpStatus: 400,
    retriable: false,
    message: 'The User is already linked to a Customer at the bank specified by BANK_ID',
  },
  UserCustomerLinksNotFoundForUser: {
    code: 'OBP-30008',
    httpStatus: 400,
    retriable: false,
    message: 'User Customer Link not found by USER_ID',
  },
  CreateConsumerError: {
    code: 'OBP-30024',
    httpStatus: 400,
    retriable: false,
    message: 'Could not create Consumer ',
  },
  CreateUserCustomerLinksError: {
    code: 'OBP-30025',
    httpStatus: 400,
    retriable: false,
    message: 'Could not create user_customer_links ',
  },
  UserCustomerLinkNotFound: {
    code: 'OBP-30035',
    httpStatus: 404,
    retriable: false,
    message: 'User Customer Link not found',
  },
  CustomerNotFoundByCustomerId: {
    code: 'OBP-30046',
    httpStatus: 404,
    retriable: false,
    message: 'Customer not found. Please specify a valid value for CUSTOMER_ID.',
  },
  CreateCustomerError: {
    code: 'OBP-30051',
    httpStatus: 400,
    retriable: false,
    message: 'Cannot create Customer',
  },
  UpdateCustomerError: {
    code: 'OBP-30058',
    httpStatus: 400,
    retriable: false,
    message: 'Cannot update the Customer',
  },
  CustomerAttributeNotFound: {
    code: 'OBP-30069',
    httpStatus: 400,
    retriable: false,
    message:
      'Customer Attribute not found. Please specify a valid value for CUSTOMER_ATTRIBUTE_ID.',
  },
  MeetingNotFound: {
    code: 'OBP-30104',
    httpStatus: 400,
    retriable: false,
    message: 'Meeting not found.',
  },
  InvalidBankIdFormat: {
    code: 'OBP-30111',
    httpStatus: 400,
    retriable: false,
    message:
      "Invalid Bank Id. The BANK_ID should only contain 0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.",
  },
  InvalidCustomerBankId: {
    code: 'OBP-30113',
    httpStatus: 400,
    retriable: false,
    message: 'Invalid Bank Id. The Customer does not belong to this Bank',
  },
  EntitlementIsBankRole: {
    code: 'OBP-30205',
    httpStatus: 400,
    retriable: false,
    message: 'This entitlement is a Bank Role. Please set bank_id to a valid bank id.',
  },
  EntitlementIsSystemRole: {
    code: 'OBP-30206',
    httpStatus: 400,
    retriable: false,
    message: 'This entitlement is a System Role. Please set bank_id to empty string.',
  },
  InvalidStrongPasswordFormat: {
    code: 'OBP-30207',
    httpStatus: 400,
    retriable: false,
    message:
      'Invalid Password Format. Your password should EITHER be at least 10 characters long and contain mixed numbers and both upper and lower case letters and at least one special character, OR the length should be > 16 and <= 512.',
  },
  EntitlementAlreadyExists: {
    code: 'OBP-30216',
    httpStatus: 400,
    retriable: false,
    message: 'Entitlement already exists for the user.',
  },
  TaxResidenceNotFound: {
    code: 'OBP-30300',
    httpStatus: 404,
    retriable: false,
    message: 'Tax Residence not found by TAX_RESIDENCE_ID. ',
  },
  CustomerAddressNotFound: {
    code: 'OBP-30310',
    httpStatus: 404,
    retriable: false,
    message: "Customer's Address not found by CUSTOMER_ADDRESS_ID. ",
  },

  BankIdAlreadyExists: {
    code: 'OBP-34000',
    httpStatus: 400,
    retriable: false,
    message: 'Bank Id already exists. Please specify a different value.',
  },

  // Server and backend (OBP-50xxx)
  UnknownError: { code: 'OBP-50000', httpStatus: 500, retriable: false, message: 'Unknown Error.' },
  AdapterOrCoreBankingSystemException: {
    code: 'OBP-50003',
    httpStatus: 503,
    retriable: true,
    message:
      'Adapter Or Core Banking System Exception. Failed to get a valid response from the south side Adapter or Core Banking System.',
  },
  CoreBankingSystemError: {
    code: 'OBP-50013',
    httpStatus: 502,
    retriable: true,
    message: 'The Core Banking System returned an unspecified error or response.',
  },
  KafkaServerUnavailable: {
    code: 'OBP-50016',
    httpStatus: 503,
    retriable: true,
    message: 'The kafka server is unavailable.',
  },
  InvalidConnectorResponse: {
    code: 'OBP-50200',
    httpStatus: 400,
    retriable: false,
    message: 'Connector cannot return the data we requested.',
  },

  // Adapters (OBP-60xxx)
  AdapterUnknownError: {
    code: 'OBP-60013',
    httpStatus: 502,
    retriable: false,
    message: 'Adapter Unknown Error. ',
  },
  AdapterTimeout: {
    code: 'OBP-60014',
    httpStatus: 504,
    retriable: true,
    message: 'Adapter Timeout Error. ',
  },
  AdapterFunctionNotImplemented: {
    code: 'OBP-60015',
    httpStatus: 501,
    retriable: false,
    message: 'Adapter Function Not Implemented.',
  },

  // OBP texts without a code
  NoCrmEventsAvailable: {
    code: null,
    httpStatus: 404,
    retriable: false,
    message: 'No CRM Events available.',
  },
  CustomerBankDoesNotMatchUrl: {
    code: null,
    httpStatus: 400,
    retriable: false,
    message: 'Bank of the customer specified by the CUSTOMER_ID',
  },
});

/** The symbolic name of a catalog entry, e.g. `CustomerNotFoundByCustomerId`. */
export type ErrorName = keyof typeof errorCatalog;

const byCode = new Map<string, ErrorName>(
  (Object.entries(errorCatalog) as [ErrorName, ErrorDefinition][])
    .filter(([, def]) => def.code !== null)
    .map(([name, def]) => [def.code as string, name]),
);

/** Finds the entry for a wire error code such as `OBP-30046`; undefined if the code is unknown. */
export function errorNameForCode(code: string): ErrorName | undefined {
  return byCode.get(code);
}
