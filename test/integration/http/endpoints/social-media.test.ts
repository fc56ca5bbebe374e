import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { customerV310Body, seedDateTime, socialMediaBody } from './bodies.js';
import { createBank, createCustomer } from './endpoint-fixture.js';
import { expectObpError, expectSuccess, type CustomerJson } from './obp-assertions.js';

/** SocialMediaJSON. */
interface SocialMediaJson {
  customer_number: string;
  type: string;
  handle: string;
  date_added: string;
  date_activated: string;
}

describe('social media handles', () => {
  let gateway: TestGateway;
  let clerk: TestUser;
  let customer: CustomerJson;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    const otherBank = await createBank(gateway);
    const creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    clerk = await gateway.user([
      ['CanAddSocialMediaHandle', demoBank],
      ['CanGetSocialMediaHandles', demoBank],
    ]);
    customer = await createCustomer(gateway, creator, demoBank, customerV310Body());
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  const path = (version: string, customerId: string) =>
    `/obp/${version}/banks/${demoBank}/customers/${customerId}/social_media_handles`;

  for (const version of ['v2.0.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      describe('OBPv2.0.0-addSocialMediaHandle', () => {
        it('answers 201 with {"success":"Success"}', async () => {
          const res = await gateway
            .http()
            .post(path(version, customer.customer_id))
            .set(clerk.auth)
            .send(socialMediaBody({ handle: `@eveline-${version}` }));
          expect(expectSuccess<unknown>(res, 201)).to.deep.equal({ success: 'Success' });
        });

        it('parses the body before looking at roles: 400 OBP-10001 without any role', async () => {
          const user = await gateway.user();
          const res = await gateway
            .http()
            .post(path(version, customer.customer_id))
            .set(user.auth)
            .send(socialMediaBody({ date_added: 'yesterday' }));
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('SocialMediaJSON');
          expect(message).to.contain('date_added');
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .post(path(version, 'no-such-customer'))
            .set(clerk.auth)
            .send(socialMediaBody());
          expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
            'Current CustomerId(no-such-customer)',
          );
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .post(path(version, elsewhere.customer_id))
            .set(clerk.auth)
            .send(socialMediaBody());
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv2.0.0-getSocialMediaHandles', () => {
        it("answers 200 with {checks: [...]}, filed under the URL customer's number", async () => {
          const handle = `@tripman-${version}`;
          const add = await gateway
            .http()
            .post(path(version, customer.customer_id))
            .set(clerk.auth)
            .send(socialMediaBody({ handle }));
          expectSuccess<unknown>(add, 201);

          const res = await gateway.http().get(path(version, customer.customer_id)).set(clerk.auth);
          const body = expectSuccess<{ checks: SocialMediaJson[] }>(res, 200);
          expect(Object.keys(body)).to.deep.equal(['checks']);
          const found = body.checks.find((c) => c.handle === handle);
          expect(found).to.deep.equal({
            // The body said 5987953; the handle belongs to the customer of the URL.
            customer_number: customer.customer_number,
            type: 'twitter',
            handle,
            date_added: seedDateTime,
            date_activated: '2017-09-20T10:30:00Z',
          });
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway.http().get(path(version, 'no-such-customer')).set(clerk.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });
    });
  }
});
