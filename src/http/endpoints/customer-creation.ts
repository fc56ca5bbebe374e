import { z } from 'zod';
import type { Customer } from '../../codec/generated/messages.js';
import { ObpError } from '../../errors/obp-error.js';
import { between, since } from '../api-versions.js';
import { withDetail } from '../backend-lookups.js';
import { caller, defineEndpoint, type EndpointContext, type RoleRequirement } from '../endpoint.js';
import { customerJsonV210, customerJsonV310 } from '../json/customer-json.js';
import { obpDateTime } from '../json/obp-date.js';
import {
  checkDependants,
  createCustomerArgs,
  creditLimitField,
  creditRatingField,
  customerCoreFields,
  customerNumberField,
  faceImageField,
  type CustomerDraft,
} from './customer-fields.js';

/** PostCustomerJsonV310: every field required, no customer number (the backend assigns it). */
const postCustomerV310 = z.object({
  ...customerCoreFields,
  title: z.string(),
  branch_id: z.string(),
  name_suffix: z.string(),
});

/** PostCustomerJsonV500: only legal_name and mobile_phone_number required. */
const postCustomerV500 = z.object({
  legal_name: z.string(),
  mobile_phone_number: z.string(),
  customer_number: customerNumberField.optional(),
  email: z.string().optional(),
  face_image: faceImageField.optional(),
  date_of_birth: obpDateTime.optional(),
  relationship_status: z.string().optional(),
  dependants: z.number().int().min(0).max(1000).optional(),
  dob_of_dependants: z.array(obpDateTime).max(1000).optional(),
  credit_rating: creditRatingField.optional(),
  credit_limit: creditLimitField.optional(),
  highest_education_attained: z.string().optional(),
  employment_status: z.string().optional(),
  kyc_status: z.boolean().optional(),
  last_ok_date: obpDateTime.optional(),
  title: z.string().optional(),
  branch_id: z.string().optional(),
  name_suffix: z.string().optional(),
});

/** PostCustomerJsonV210: every field required, with the user to link and the number. */
const postCustomerV210 = z.object({
  user_id: z.string(),
  customer_number: customerNumberField,
  ...customerCoreFields,
});

const createRoles: RoleRequirement = [['CanCreateCustomer'], ['CanCreateCustomerAtAnyBank']];

/** A create-customer body of any version: v5.0.0 may leave out all but two fields. */
type CustomerBody = Omit<z.infer<typeof postCustomerV500>, 'customer_number'>;

/**
 * The draft for a create-customer body; what it leaves out takes createCustomerArgs's defaults.
 * Refuses dependants that disagree with their dates of birth.
 */
function draftFrom(bankId: string, b: CustomerBody, customerNumber: string | null): CustomerDraft {
  checkDependants(b.dependants ?? 0, b.dob_of_dependants ?? []);
  return {
    bankId,
    customerNumber,
    legalName: b.legal_name,
    mobileNumber: b.mobile_phone_number,
    email: b.email,
    faceImage: b.face_image,
    dateOfBirth: b.date_of_birth,
    relationshipStatus: b.relationship_status,
    dependents: b.dependants,
    dobOfDependents: b.dob_of_dependants,
    highestEducationAttained: b.highest_education_attained,
    employmentStatus: b.employment_status,
    kycStatus: b.kyc_status,
    lastOkDate: b.last_ok_date,
    creditRating: b.credit_rating,
    creditLimit: b.credit_limit,
    title: b.title,
    branchId: b.branch_id,
    nameSuffix: b.name_suffix,
  };
}

/** createCustomer, with OBP's "Cannot create Customer" when the backend returns nothing. */
function createCustomer(ctx: EndpointContext<unknown>, draft: CustomerDraft): Promise<Customer> {
  return withDetail(
    ctx.services.connector
      .call('createCustomer', createCustomerArgs(draft), ctx.call)
      .catch((err: unknown) => {
        if (err instanceof ObpError && err.errorName === 'InvalidConnectorResponse')
          throw new ObpError('CreateCustomerError', { cause: err });
        throw err;
      }),
    'CustomerNumberAlreadyExists',
    draft.customerNumber === null
      ? ''
      : ` Current customer_number(${draft.customerNumber}) and Current bank_id(${draft.bankId})`,
  );
}

/** The four generations of POST /banks/BANK_ID/customers (spec #11, #30, §4). */
export const customerCreationEndpoints = [
  defineEndpoint({
    operationId: 'OBPv2.1.0-createCustomer',
    verb: 'POST',
    path: '/banks/BANK_ID/customers',
    versions: between('v2.1.0', 'v3.0.0'),
    roles: [
      ['CanCreateCustomer', 'CanCreateUserCustomerLink'],
      ['CanCreateCustomerAtAnyBank', 'CanCreateUserCustomerLinkAtAnyBank'],
    ],
    checks: ['bank', 'body', 'roles'],
    body: postCustomerV210,
    bodyName: 'PostCustomerJsonV210',
    successStatus: 201,
    connectorMethods: ['getBank', 'createCustomer', 'createUserCustomerLink'],
    async handle(ctx) {
      const bankId = ctx.params.BANK_ID as string;
      // An empty user_id means the caller, as in OBP.
      const userId = ctx.body.user_id === '' ? caller(ctx).userId : ctx.body.user_id;
      await ctx.services.users.getUser(userId); // 404 OBP-20005 when unknown
      const number = ctx.body.customer_number === '' ? null : ctx.body.customer_number;
      const customer = await createCustomer(ctx, draftFrom(bankId, ctx.body, number));
      await ctx.services.connector.call(
        'createUserCustomerLink',
        {
          bankId,
          userId,
          customerId: customer.customerId,
          dateInserted: new Date(),
          isActive: true,
        },
        ctx.call,
      );
      return customerJsonV210(customer);
    },
  }),
  defineEndpoint({
    operationId: 'OBPv3.1.0-createCustomer',
    verb: 'POST',
    path: '/banks/BANK_ID/customers',
    versions: ['v3.1.0'],
    roles: createRoles,
    // OBP v3.1.0 checks roles before the bank.
    checks: ['roles', 'bank', 'body'],
    body: postCustomerV310,
    bodyName: 'PostCustomerJsonV310',
    successStatus: 201,
    connectorMethods: ['getBank', 'createCustomer'],
    async handle(ctx) {
      return customerJsonV310(
        await createCustomer(ctx, draftFrom(ctx.params.BANK_ID as string, ctx.body, null)),
      );
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-createCustomer',
    verb: 'POST',
    path: '/banks/BANK_ID/customers',
    versions: ['v4.0.0'],
    roles: createRoles,
    checks: ['bodyIds', 'bank', 'roles', 'body'],
    body: postCustomerV310,
    bodyName: 'PostCustomerJsonV310',
    successStatus: 201,
    connectorMethods: ['getBank', 'createCustomer'],
    async handle(ctx) {
      return customerJsonV310(
        await createCustomer(ctx, draftFrom(ctx.params.BANK_ID as string, ctx.body, null)),
      );
    },
  }),
  defineEndpoint({
    operationId: 'OBPv5.0.0-createCustomer',
    verb: 'POST',
    path: '/banks/BANK_ID/customers',
    versions: since('v5.0.0'),
    roles: createRoles,
    checks: ['bodyIds', 'bank', 'roles', 'body'],
    body: postCustomerV500,
    bodyName: 'PostCustomerJsonV500',
    successStatus: 201,
    connectorMethods: ['getBank', 'createCustomer'],
    async handle(ctx) {
      const b = ctx.body;
      // Unlike OBP (which ignores checkCustomerNumberAvailable here), the backend enforces
      // uniqueness atomically and a taken number is refused with OBP-30006.
      const number =
        b.customer_number === undefined || b.customer_number === '' ? null : b.customer_number;
      const customer = await createCustomer(
        ctx,
        draftFrom(ctx.params.BANK_ID as string, b, number),
      );
      return customerJsonV310(customer);
    },
  }),
];
