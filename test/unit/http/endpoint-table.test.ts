import { expect } from 'chai';
import { methodNames } from '../../../src/connector/method-registry.js';
import { apiVersions } from '../../../src/http/api-versions.js';
import { endpointsUsing, endpointTable } from '../../../src/http/endpoint-table.js';

/** The 34 operation ids of the seed documents (spec/obp-endpoints.md §2) and where OBP serves them. */
const seedOperations: Record<string, [first: string, last: string]> = {
  'OBPv3.1.0-createMeeting': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getMeetings': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getMeeting': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-createTaxResidence': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getTaxResidence': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-deleteTaxResidence': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-createCustomerAddress': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerAddress': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getCustomerAddresses': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-deleteCustomerAddress': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-createCustomer': ['v3.1.0', 'v3.1.0'],
  'OBPv3.1.0-getCustomerByCustomerId': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getCustomerByCustomerNumber': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerEmail': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerNumber': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerMobileNumber': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerIdentity': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerCreditLimit': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerCreditRatingAndSource': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerBranch': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-updateCustomerData': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getFirehoseCustomers': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-createCreditLimitRequest': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getCreditLimitRequests': ['v3.1.0', 'v5.1.0'],
  'OBPv3.1.0-getCreditLimitRequestByRequestId': ['v3.1.0', 'v5.1.0'],
  'OBPv4.0.0-getCustomersByCustomerPhoneNumber': ['v4.0.0', 'v5.1.0'],
  'OBPv3.0.0-getCustomersForUser': ['v3.0.0', 'v5.1.0'],
  'OBPv2.1.0-getCustomersForUser': ['v2.1.0', 'v2.1.0'],
  'OBPv2.1.0-getCustomersForCurrentUserAtBank': ['v2.1.0', 'v3.1.0'],
  'OBPv2.1.0-createCustomer': ['v2.1.0', 'v3.0.0'],
  'OBPv2.0.0-createUserCustomerLinks': ['v2.0.0', 'v3.1.0'],
  'OBPv2.0.0-addSocialMediaHandle': ['v2.0.0', 'v5.1.0'],
  'OBPv2.0.0-getSocialMediaHandles': ['v2.0.0', 'v5.1.0'],
  'OBPv1.4.0-getCrmEvents': ['v1.4.0', 'v5.1.0'],
};

describe('endpointTable', () => {
  it('serves all 34 seed operations under exactly the prefixes OBP serves them', () => {
    expect(Object.keys(seedOperations)).to.have.length(34);
    for (const [operationId, [first, last]] of Object.entries(seedOperations)) {
      const def = endpointTable.find((e) => e.operationId === operationId);
      expect(def, operationId).to.not.equal(undefined);
      const expected = apiVersions.slice(
        apiVersions.indexOf(first as never),
        apiVersions.indexOf(last as never) + 1,
      );
      expect(def?.versions, operationId).to.deep.equal(expected);
    }
  });

  it('has one operation per verb, path and version', () => {
    const seen = new Map<string, string>();
    for (const def of endpointTable) {
      for (const version of def.versions) {
        const key = `${def.verb} ${version}${def.path}`;
        expect(seen.get(key), `${key}: ${def.operationId}`).to.equal(undefined);
        seen.set(key, def.operationId);
      }
    }
  });

  it('has unique operation ids', () => {
    const ids = endpointTable.map((e) => e.operationId);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('knows which operations use each connector method', () => {
    expect(endpointsUsing('getCustomerByCustomerId')).to.include(
      'OBPv3.1.0-getCustomerByCustomerId',
    );
    const unused = methodNames.filter((m) => endpointsUsing(m).length === 0);
    // Used by adapters and operators, not by an OBP endpoint.
    expect(unused).to.have.members(['checkCustomerNumberAvailable', 'getAdapterInfo']);
  });
});
