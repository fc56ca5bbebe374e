import { expect } from 'chai';
import { EndpointMatcher } from '../../../src/http/endpoint-matcher.js';

describe('EndpointMatcher', () => {
  const matcher = new EndpointMatcher<string>();
  matcher.add('GET', 'v5.1.0', '/banks/BANK_ID/customers/CUSTOMER_ID', 'by-id');
  matcher.add('POST', 'v5.1.0', '/banks/BANK_ID/customers/customer-number', 'by-number');
  matcher.add('GET', 'v5.1.0', '/banks/BANK_ID/customers/customer-number', 'literal');
  matcher.add('GET', 'v5.1.0', '/users/current', 'current');
  matcher.add('GET', 'v5.1.0', '/users/USER_ID', 'user');

  it('matches verb, version and segments, and names the parameters', () => {
    expect(matcher.match('GET', 'v5.1.0', ['banks', 'gh.29.uk', 'customers', 'abc'])).to.deep.equal(
      {
        value: 'by-id',
        params: { BANK_ID: 'gh.29.uk', CUSTOMER_ID: 'abc' },
      },
    );
    expect(
      matcher.match('POST', 'v5.1.0', ['banks', 'b', 'customers', 'customer-number'])?.value,
    ).to.equal('by-number');
  });

  it('prefers a literal segment over a parameter, whatever the order of adding', () => {
    expect(
      matcher.match('GET', 'v5.1.0', ['banks', 'b', 'customers', 'customer-number'])?.value,
    ).to.equal('literal');
    expect(matcher.match('GET', 'v5.1.0', ['users', 'current'])?.value).to.equal('current');
    expect(matcher.match('GET', 'v5.1.0', ['users', 'u-1'])?.value).to.equal('user');
  });

  it('finds nothing for another verb, version or length', () => {
    expect(matcher.match('DELETE', 'v5.1.0', ['users', 'u-1'])).to.equal(undefined);
    expect(matcher.match('GET', 'v1.4.0', ['users', 'u-1'])).to.equal(undefined);
    expect(matcher.match('GET', 'v5.1.0', ['users'])).to.equal(undefined);
  });
});
