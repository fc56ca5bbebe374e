import type {
  Bank,
  CreditLimitRequest,
  CrmEvent,
  Customer,
  CustomerAddress,
  CustomerAttribute,
  Meeting,
  SocialMediaHandle,
  TaxResidence,
  UserCustomerLink,
} from '../../src/adapter/index.js';
import { AdapterError } from '../../src/adapter/index.js';
import { RecordsByOwner } from './records-by-owner.js';

/**
 * Everything the memory adapter stores, plus the lookups that raise OBP's not-found codes.
 * Records kept here are never handed out: handlers return copies (`copyOf`), so a caller
 * cannot change stored data behind the adapter's back. Handlers touch this state synchronously
 * (see `syncHandler`), which makes every write atomic with respect to concurrent calls.
 */
export class MemoryState {
  readonly banks = new Map<string, Bank>();
  readonly customers = new Map<string, Customer>();
  /** Customer ids by bank, then by customer number: numbers are unique within a bank. */
  private readonly customerIdsByNumber = new Map<string, Map<string, string>>();
  /** Owned by customer id. */
  readonly customerAttributes = new RecordsByOwner<CustomerAttribute>();
  /** Owned by customer id. */
  readonly customerAddresses = new RecordsByOwner<CustomerAddress>();
  /** Owned by customer id. */
  readonly taxResidences = new RecordsByOwner<TaxResidence>();
  /** Owned by customer id. */
  readonly socialMediaHandles = new RecordsByOwner<SocialMediaHandle>();
  /** Owned by customer id; the bank is checked on the record. */
  readonly creditLimitRequests = new RecordsByOwner<CreditLimitRequest>();
  /** Owned by bank id. */
  readonly meetings = new RecordsByOwner<Meeting>();
  /** Owned by bank id. */
  readonly crmEvents = new RecordsByOwner<CrmEvent>();
  readonly userCustomerLinks = new Map<string, UserCustomerLink>();

  constructor(private readonly clock: () => Date) {}

  /** The current time, as a fresh Date the caller may keep. */
  now(): Date {
    return new Date(this.clock().getTime());
  }

  /** Throws `BankNotFound` (OBP-30001) for an unknown bank. */
  requireBank(bankId: string): Bank {
    const bank = this.banks.get(bankId);
    if (!bank) throw new AdapterError('BankNotFound', `No bank ${bankId}.`);
    return bank;
  }

  /** Throws `CustomerNotFoundByCustomerId` (OBP-30046) for an unknown customer. */
  requireCustomer(customerId: string): Customer {
    const customer = this.customers.get(customerId);
    if (!customer) {
      throw new AdapterError('CustomerNotFoundByCustomerId', 'No customer with that CUSTOMER_ID.');
    }
    return customer;
  }

  /**
   * Like `requireCustomer`, but a customer of another bank is not found either: a bank's URL
   * must never reach another bank's customer.
   */
  requireCustomerAtBank(customerId: string, bankId: string): Customer {
    const customer = this.customers.get(customerId);
    if (!customer || customer.bankId !== bankId) {
      throw new AdapterError(
        'CustomerNotFoundByCustomerId',
        `No customer with that CUSTOMER_ID at bank ${bankId}.`,
      );
    }
    return customer;
  }

  /** The customer of `bankId` with this number, if any. */
  customerByNumber(bankId: string, customerNumber: string): Customer | undefined {
    const customerId = this.customerIdsByNumber.get(bankId)?.get(customerNumber);
    return customerId === undefined ? undefined : this.customers.get(customerId);
  }

  /** The customers of one bank, oldest first. */
  customersOfBank(bankId: string): Customer[] {
    return [...this.customers.values()].filter((customer) => customer.bankId === bankId);
  }

  /** Stores a new customer; the caller has checked that its number is free at its bank. */
  addCustomer(customer: Customer): void {
    this.customers.set(customer.customerId, customer);
    this.numbersOf(customer.bankId).set(customer.number, customer.customerId);
  }

  /** Gives a stored customer a new number; the caller has checked that the number is free. */
  renumberCustomer(customer: Customer, customerNumber: string): void {
    const numbers = this.numbersOf(customer.bankId);
    numbers.delete(customer.number);
    numbers.set(customerNumber, customer.customerId);
    customer.number = customerNumber;
  }

  private numbersOf(bankId: string): Map<string, string> {
    let numbers = this.customerIdsByNumber.get(bankId);
    if (!numbers) {
      numbers = new Map();
      this.customerIdsByNumber.set(bankId, numbers);
    }
    return numbers;
  }
}
