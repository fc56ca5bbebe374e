import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { addressBody, customerV310Body } from './bodies.js';
import { createBank, createCustomer } from './endpoint-fixture.js';
import {
  expectObpError,
  expectSuccess,
  obpDateTimePattern,
  type CustomerJson,
} from './obp-assertions.js';

/** CustomerAddressJsonV310. */
interface AddressJson {
  customer_address_id: string;
  customer_id: string;
  line_1: string;
  line_2: string;
  line_3: string;
  city: string;
  county: string;
  state: string;
  postcode: string;
  country_code: string;
  tags: string[];
  status: string;
  insert_date: string;
}

const addressKeys = [
  'customer_address_id',
  'customer_id',
  'line_1',
  'line_2',
  'line_3',
  'city',
  'county',
  'state',
  'postcode',
  'country_code',
  'tags',
  'status',
  'insert_date',
];

describe('customer addresses', () => {
  let gateway: TestGateway;
  let creator: TestUser;
  /** Holds every address role at the demo bank (CanCreateCustomer for the update, ⚠). */
  let clerk: TestUser;
  let customer: CustomerJson;
  let elsewhere: CustomerJson;

  before(async () => {
    gateway = await startTestGateway();
    const otherBank = await createBank(gateway);
    creator = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
    clerk = await gateway.user([
      ['CanCreateCustomerAddress', demoBank],
      ['CanGetCustomerAddress', demoBank],
      ['CanDeleteCustomerAddress', demoBank],
      ['CanCreateCustomer', demoBank],
    ]);
    customer = await createCustomer(gateway, creator, demoBank, customerV310Body());
    elsewhere = await createCustomer(gateway, creator, otherBank, customerV310Body());
  });

  after(() => gateway.close());

  const base = (version: string, customerId: string) =>
    `/obp/${version}/banks/${demoBank}/customers/${customerId}`;

  async function createAddress(version: string, body = addressBody()): Promise<AddressJson> {
    const res = await gateway
      .http()
      .post(`${base(version, customer.customer_id)}/address`)
      .set(clerk.auth)
      .send(body);
    return expectSuccess<AddressJson>(res, 201);
  }

  for (const version of ['v3.1.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      describe('OBPv3.1.0-createCustomerAddress', () => {
        it('answers 201 with CustomerAddressJsonV310, status stored as sent (not state), tags kept', async () => {
          const address = await createAddress(version);
          expect(Object.keys(address)).to.have.members(addressKeys);
          expect(address).to.deep.include({
            customer_id: customer.customer_id,
            line_1: 'No 1 the Road',
            line_2: 'The Place',
            line_3: 'The Hill',
            city: 'Berlin',
            county: '',
            state: 'Brandenburg',
            postcode: '13359',
            country_code: 'DE',
            tags: ['mailing', 'home'],
            status: 'OK',
          });
          expect(address.customer_address_id).to.be.a('string').and.not.equal('');
          expect(address.insert_date).to.match(obpDateTimePattern);
        });

        it('answers 400 OBP-10001 naming tags when they are not an array', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, customer.customer_id)}/address`)
            .set(clerk.auth)
            .send({ ...addressBody(), tags: 'mailing,home' });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('PostCustomerAddressJsonV310');
          expect(message).to.contain('tags');
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .post(`${base(version, 'no-such-customer')}/address`)
            .set(clerk.auth)
            .send(addressBody());
          expect(expectObpError(res, 404, 'OBP-30046')).to.contain(
            'Current CustomerId(no-such-customer)',
          );
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .post(`${base(version, elsewhere.customer_id)}/address`)
            .set(clerk.auth)
            .send(addressBody());
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-getCustomerAddresses', () => {
        it('answers 200 with {addresses: [...]} holding what was created', async () => {
          const created = await createAddress(version, addressBody({ tags: ['work'] }));
          const res = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/addresses`)
            .set(clerk.auth);
          const body = expectSuccess<{ addresses: AddressJson[] }>(res, 200);
          expect(Object.keys(body)).to.deep.equal(['addresses']);
          expect(body.addresses).to.deep.include(created);
          for (const address of body.addresses)
            expect(Object.keys(address)).to.have.members(addressKeys);
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .get(`${base(version, 'no-such-customer')}/addresses`)
            .set(clerk.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-updateCustomerAddress', () => {
        it('answers 200 with the new values, status as sent, insert_date kept', async () => {
          const created = await createAddress(version);
          const res = await gateway
            .http()
            .put(`${base(version, customer.customer_id)}/addresses/${created.customer_address_id}`)
            .set(clerk.auth)
            .send(
              addressBody({
                line_1: 'No 2 the Road',
                state: 'Berlin',
                tags: ['home'],
                status: 'MOVED',
              }),
            );
          const body = expectSuccess<AddressJson>(res, 200);
          expect(Object.keys(body)).to.have.members(addressKeys);
          expect(body).to.deep.equal({
            ...created,
            line_1: 'No 2 the Road',
            state: 'Berlin',
            tags: ['home'],
            status: 'MOVED',
          });
        });

        it('enforces CanCreateCustomer (⚠ undocumented in OBP): 403 with the address roles alone', async () => {
          const created = await createAddress(version);
          const user = await gateway.user([
            ['CanCreateCustomerAddress', demoBank],
            ['CanGetCustomerAddress', demoBank],
          ]);
          const res = await gateway
            .http()
            .put(`${base(version, customer.customer_id)}/addresses/${created.customer_address_id}`)
            .set(user.auth)
            .send(addressBody());
          expect(expectObpError(res, 403, 'OBP-20006')).to.contain('CanCreateCustomer');
        });

        it('answers 404 OBP-30310 for an unknown address', async () => {
          const res = await gateway
            .http()
            .put(`${base(version, customer.customer_id)}/addresses/no-such-address`)
            .set(clerk.auth)
            .send(addressBody());
          expect(expectObpError(res, 404, 'OBP-30310')).to.contain(
            'Current CUSTOMER_ADDRESS_ID(no-such-address)',
          );
        });

        it('answers 400 OBP-10001 naming a missing field', async () => {
          const created = await createAddress(version);
          const { status: _omitted, ...body } = addressBody();
          const res = await gateway
            .http()
            .put(`${base(version, customer.customer_id)}/addresses/${created.customer_address_id}`)
            .set(clerk.auth)
            .send(body);
          expect(expectObpError(res, 400, 'OBP-10001')).to.contain('status');
        });

        it("answers 404 OBP-30046 for another bank's customer", async () => {
          const res = await gateway
            .http()
            .put(`${base(version, elsewhere.customer_id)}/addresses/any-address`)
            .set(clerk.auth)
            .send(addressBody());
          expectObpError(res, 404, 'OBP-30046');
        });
      });

      describe('OBPv3.1.0-deleteCustomerAddress', () => {
        it('answers 200 with body true; the address is gone, and a second delete is 404 OBP-30310', async () => {
          const created = await createAddress(version);
          const path = `${base(version, customer.customer_id)}/addresses/${created.customer_address_id}`;
          const res = await gateway.http().delete(path).set(clerk.auth);
          expectSuccess<boolean>(res, 200);
          expect(res.text).to.equal('true');

          const list = await gateway
            .http()
            .get(`${base(version, customer.customer_id)}/addresses`)
            .set(clerk.auth);
          expect(
            expectSuccess<{ addresses: AddressJson[] }>(list, 200).addresses.map(
              (a) => a.customer_address_id,
            ),
          ).to.not.include(created.customer_address_id);

          const again = await gateway.http().delete(path).set(clerk.auth);
          expect(expectObpError(again, 404, 'OBP-30310')).to.contain(
            `Current CUSTOMER_ADDRESS_ID(${created.customer_address_id})`,
          );
        });

        it('answers 404 OBP-30046 for an unknown customer', async () => {
          const res = await gateway
            .http()
            .delete(`${base(version, 'no-such-customer')}/addresses/any-address`)
            .set(clerk.auth);
          expectObpError(res, 404, 'OBP-30046');
        });
      });
    });
  }
});
