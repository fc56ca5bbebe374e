import type { Connector } from '../../src/connector/connector.js';
import { describeAdapterInfoContract } from './adapter-info-contract.js';
import { describeBankContract } from './bank-contract.js';
import { ContractFixture } from './contract-fixture.js';
import { describeCreditLimitRequestContract } from './credit-limit-request-contract.js';
import { describeCrmEventContract } from './crm-event-contract.js';
import { describeCustomerAddressContract } from './customer-address-contract.js';
import { describeCustomerAttributeContract } from './customer-attribute-contract.js';
import { describeCustomerContract } from './customer-contract.js';
import { describeCustomerListContract } from './customer-list-contract.js';
import { describeCustomerUpdateContract } from './customer-update-contract.js';
import { describeIdempotencyContract } from './idempotency-contract.js';
import { describeMeetingContract } from './meeting-contract.js';
import { describePhoneSearchContract } from './phone-search-contract.js';
import { describeSocialMediaContract } from './social-media-contract.js';
import { describeTaxResidenceContract } from './tax-residence-contract.js';
import { describeUserCustomerLinkContract } from './user-customer-link-contract.js';

/** What the contract suite needs from a backend under test. */
export interface ContractSubject {
  /** A connector whose calls reach the adapter through Avro, the runtime and a transport. */
  readonly connector: Connector;
  /** Releases what `setup` started. */
  close(): Promise<void>;
}

/**
 * The adapter contract suite (STYLE.md §8): every connector method, called through a real
 * `Connector`, with the semantics and the exact OBP error codes an adapter must give. It assumes
 * only that bank `gh.29.uk` exists and creates everything else with fresh values, so it can run
 * again and again against a persistent backend, over any transport. An adapter that passes it
 * is done.
 */
export function describeAdapterContract(
  label: string,
  setup: () => Promise<ContractSubject>,
): void {
  describe(`adapter contract: ${label}`, () => {
    const fixture = new ContractFixture();
    let subject: ContractSubject | undefined;

    before(async () => {
      subject = await setup();
      fixture.attach(subject.connector);
      await fixture.call('createOrUpdateBank', {
        bankId: fixture.otherBankId,
        shortName: 'Contract Other Bank',
        fullName: 'Contract Other Bank plc',
        logoUrl: '',
        websiteUrl: '',
        bankRoutings: [],
      });
    });

    after(async () => {
      fixture.attach(undefined);
      await subject?.close();
    });

    describeBankContract(fixture);
    describeCustomerContract(fixture);
    describeCustomerUpdateContract(fixture);
    describeCustomerListContract(fixture);
    describePhoneSearchContract(fixture);
    describeCustomerAttributeContract(fixture);
    describeCustomerAddressContract(fixture);
    describeTaxResidenceContract(fixture);
    describeMeetingContract(fixture);
    describeSocialMediaContract(fixture);
    describeUserCustomerLinkContract(fixture);
    describeCrmEventContract(fixture);
    describeCreditLimitRequestContract(fixture);
    describeAdapterInfoContract(fixture);
    describeIdempotencyContract(fixture);
  });
}
