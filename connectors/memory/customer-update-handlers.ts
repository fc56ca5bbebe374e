import { AdapterError } from '../../src/adapter/index.js';
import { copyOf } from './copy.js';
import { syncHandler, type HandlerGroup } from './handler-group.js';
import type { MemoryState } from './memory-state.js';

/** The three partial customer updates; a null field always means "leave unchanged". */
export function customerUpdateHandlers(
  state: MemoryState,
): HandlerGroup<
  'updateCustomerScaData' | 'updateCustomerCreditData' | 'updateCustomerGeneralData'
> {
  return {
    updateCustomerScaData: syncHandler((args) => {
      const customer = state.requireCustomer(args.customerId);
      if (args.customerNumber !== null && args.customerNumber !== customer.number) {
        if (state.customerByNumber(customer.bankId, args.customerNumber)) {
          throw new AdapterError(
            'CustomerNumberAlreadyExists',
            `The customer number is taken at bank ${customer.bankId}.`,
          );
        }
        state.renumberCustomer(customer, args.customerNumber);
      }
      customer.mobileNumber = args.mobileNumber ?? customer.mobileNumber;
      customer.email = args.email ?? customer.email;
      return copyOf(customer);
    }),

    updateCustomerCreditData: syncHandler((args) => {
      const customer = state.requireCustomer(args.customerId);
      if (args.creditRating !== null || args.creditSource !== null) {
        const current = customer.creditRating ?? { rating: '', source: '' };
        customer.creditRating = {
          rating: args.creditRating ?? current.rating,
          source: args.creditSource ?? current.source,
        };
      }
      if (args.creditLimit !== null) customer.creditLimit = copyOf(args.creditLimit);
      return copyOf(customer);
    }),

    updateCustomerGeneralData: syncHandler((args) => {
      const customer = state.requireCustomer(args.customerId);
      customer.legalName = args.legalName ?? customer.legalName;
      if (args.faceImage !== null) customer.faceImage = copyOf(args.faceImage);
      if (args.dateOfBirth !== null) customer.dateOfBirth = new Date(args.dateOfBirth.getTime());
      customer.relationshipStatus = args.relationshipStatus ?? customer.relationshipStatus;
      customer.dependents = args.dependents ?? customer.dependents;
      customer.highestEducationAttained =
        args.highestEducationAttained ?? customer.highestEducationAttained;
      customer.employmentStatus = args.employmentStatus ?? customer.employmentStatus;
      customer.title = args.title ?? customer.title;
      customer.branchId = args.branchId ?? customer.branchId;
      customer.nameSuffix = args.nameSuffix ?? customer.nameSuffix;
      return copyOf(customer);
    }),
  };
}
