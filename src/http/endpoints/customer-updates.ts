import { z } from 'zod';
import type { Customer } from '../../codec/generated/messages.js';
import type { ArgsOf } from '../../codec/message-types.js';
import { noCreditChange, noGeneralChange, noScaChange } from '../../connector/no-change.js';
import { ObpError } from '../../errors/obp-error.js';
import { since } from '../api-versions.js';
import { requireCustomer, withDetail } from '../backend-lookups.js';
import {
  defineEndpoint,
  type EndpointContext,
  type EndpointDefinition,
  type RoleRequirement,
} from '../endpoint.js';
import { customerJsonV310 } from '../json/customer-json.js';
import { obpDateTime } from '../json/obp-date.js';
import { creditLimitField, customerNumberField, faceImageField } from './customer-fields.js';

type UpdateMethod =
  'updateCustomerScaData' | 'updateCustomerCreditData' | 'updateCustomerGeneralData';

/** Runs one of the three update methods; "nothing back" is OBP's OBP-30058. */
async function update<M extends UpdateMethod>(
  ctx: EndpointContext<unknown>,
  method: M,
  fields: Omit<ArgsOf<M>, 'customerId'>,
): Promise<Customer> {
  const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
  // TypeScript cannot see that spreading Omit<Args, 'customerId'> and customerId gives Args.
  const args = { ...fields, customerId: customer.customerId } as ArgsOf<M>;
  try {
    return await ctx.services.connector.call(method, args, ctx.call);
  } catch (err) {
    if (err instanceof ObpError && err.errorName === 'InvalidConnectorResponse')
      throw new ObpError('UpdateCustomerError', { cause: err });
    throw err;
  }
}

interface UpdateSpec<B> {
  readonly suffix: string;
  readonly name: string;
  readonly roles: RoleRequirement;
  readonly body: z.ZodType<B>;
  readonly bodyName: string;
  readonly method: UpdateMethod;
  readonly run: (ctx: EndpointContext<B>) => Promise<Customer>;
}

function updateEndpoint<B>(spec: UpdateSpec<B>): EndpointDefinition<B> {
  return defineEndpoint({
    operationId: `OBPv3.1.0-${spec.name}`,
    verb: 'PUT',
    path: `/banks/BANK_ID/customers/CUSTOMER_ID/${spec.suffix}`,
    versions: since('v3.1.0'),
    roles: spec.roles,
    body: spec.body,
    bodyName: spec.bodyName,
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', spec.method],
    async handle(ctx) {
      return customerJsonV310(await spec.run(ctx));
    },
  });
}

/** The eight v3.1.0 customer updates (spec #14–#21), each returning CustomerJsonV310. */
export const customerUpdateEndpoints = [
  updateEndpoint({
    suffix: 'email',
    name: 'updateCustomerEmail',
    roles: [['CanUpdateCustomerEmail']],
    body: z.object({ email: z.string() }),
    bodyName: 'PutUpdateCustomerEmailJsonV310',
    method: 'updateCustomerScaData',
    run: (ctx) => update(ctx, 'updateCustomerScaData', { ...noScaChange, email: ctx.body.email }),
  }),
  updateEndpoint({
    suffix: 'number',
    name: 'updateCustomerNumber',
    roles: [['CanUpdateCustomerNumber']],
    body: z.object({ customer_number: customerNumberField }),
    bodyName: 'PutUpdateCustomerNumberJsonV310',
    method: 'updateCustomerScaData',
    // The backend refuses a taken number atomically, so no separate availability check races it.
    run: (ctx) =>
      withDetail(
        update(ctx, 'updateCustomerScaData', {
          ...noScaChange,
          customerNumber: ctx.body.customer_number,
        }),
        'CustomerNumberAlreadyExists',
        ` Current customer_number(${ctx.body.customer_number}) and Current bank_id(${ctx.params.BANK_ID})`,
      ),
  }),
  updateEndpoint({
    suffix: 'mobile-number',
    name: 'updateCustomerMobileNumber',
    roles: [['CanUpdateCustomerMobilePhoneNumber']],
    body: z.object({ mobile_phone_number: z.string() }),
    bodyName: 'PutUpdateCustomerMobileNumberJsonV310',
    method: 'updateCustomerScaData',
    run: (ctx) =>
      update(ctx, 'updateCustomerScaData', {
        ...noScaChange,
        mobileNumber: ctx.body.mobile_phone_number,
      }),
  }),
  updateEndpoint({
    suffix: 'identity',
    name: 'updateCustomerIdentity',
    roles: [['CanUpdateCustomerIdentity']],
    body: z.object({
      legal_name: z.string(),
      date_of_birth: obpDateTime,
      title: z.string(),
      name_suffix: z.string(),
    }),
    bodyName: 'PutUpdateCustomerIdentityJsonV310',
    method: 'updateCustomerGeneralData',
    run: (ctx) =>
      update(ctx, 'updateCustomerGeneralData', {
        ...noGeneralChange,
        legalName: ctx.body.legal_name,
        dateOfBirth: ctx.body.date_of_birth,
        title: ctx.body.title,
        nameSuffix: ctx.body.name_suffix,
      }),
  }),
  updateEndpoint({
    suffix: 'credit-limit',
    name: 'updateCustomerCreditLimit',
    roles: [['CanUpdateCustomerCreditLimit']],
    body: z.object({ credit_limit: creditLimitField }),
    bodyName: 'PutUpdateCustomerCreditLimitJsonV310',
    method: 'updateCustomerCreditData',
    run: (ctx) =>
      update(ctx, 'updateCustomerCreditData', {
        ...noCreditChange,
        creditLimit: ctx.body.credit_limit,
      }),
  }),
  updateEndpoint({
    suffix: 'credit-rating-and-source',
    name: 'updateCustomerCreditRatingAndSource',
    roles: [
      ['CanUpdateCustomerCreditRatingAndSource'],
      ['CanUpdateCustomerCreditRatingAndSourceAtAnyBank'],
    ],
    // Flat strings here, unlike the {rating, source} object of the create bodies.
    body: z.object({ credit_rating: z.string(), credit_source: z.string() }),
    bodyName: 'PutUpdateCustomerCreditRatingAndSourceJsonV310',
    method: 'updateCustomerCreditData',
    run: (ctx) =>
      update(ctx, 'updateCustomerCreditData', {
        ...noCreditChange,
        creditRating: ctx.body.credit_rating,
        creditSource: ctx.body.credit_source,
      }),
  }),
  updateEndpoint({
    suffix: 'branch',
    name: 'updateCustomerBranch',
    // ⚠ OBP documents CanUpdateCustomerIdentity but enforces CanUpdateCustomerBranch.
    roles: [['CanUpdateCustomerBranch']],
    body: z.object({ branch_id: z.string() }),
    bodyName: 'PutUpdateCustomerBranchJsonV310',
    method: 'updateCustomerGeneralData',
    run: (ctx) =>
      update(ctx, 'updateCustomerGeneralData', {
        ...noGeneralChange,
        branchId: ctx.body.branch_id,
      }),
  }),
  updateEndpoint({
    suffix: 'data',
    name: 'updateCustomerData',
    // ⚠ OBP documents CanUpdateCustomerIdentity but enforces CanUpdateCustomerData.
    roles: [['CanUpdateCustomerData']],
    body: z.object({
      face_image: faceImageField,
      relationship_status: z.string(),
      dependants: z.number().int().min(0).max(1000),
      highest_education_attained: z.string(),
      employment_status: z.string(),
    }),
    bodyName: 'PutUpdateCustomerDataJsonV310',
    method: 'updateCustomerGeneralData',
    run: (ctx) =>
      update(ctx, 'updateCustomerGeneralData', {
        ...noGeneralChange,
        faceImage: ctx.body.face_image,
        relationshipStatus: ctx.body.relationship_status,
        dependents: ctx.body.dependants,
        highestEducationAttained: ctx.body.highest_education_attained,
        employmentStatus: ctx.body.employment_status,
      }),
  }),
];
