import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import {
  customerV210Body,
  customerV310Body,
  customerV500Body,
  seedDateTime,
  uniqueBankId,
  uniqueCustomerNumber,
} from './bodies.js';
import {
  customerV210Keys,
  customerV310Keys,
  customerWithAttributesKeys,
  expectObpError,
  expectSuccess,
  type CustomerJson,
  type CustomersJson,
} from './obp-assertions.js';

const customersPath = (version: string, bankId = demoBank) =>
  `/obp/${version}/banks/${bankId}/customers`;

const pairsText =
  'OBP-20006: User is missing one or more roles: CanCreateCustomer and CanCreateUserCustomerLink OR CanCreateCustomerAtAnyBank and CanCreateUserCustomerLinkAtAnyBank entitlements are required.';

describe('POST /banks/BANK_ID/customers', () => {
  let gateway: TestGateway;
  let bankPair: TestUser;
  let systemPair: TestUser;
  let creator: TestUser;
  let reader: TestUser;

  before(async () => {
    gateway = await startTestGateway();
    bankPair = await gateway.user([
      ['CanCreateCustomer', demoBank],
      ['CanCreateUserCustomerLink', demoBank],
    ]);
    systemPair = await gateway.user([
      ['CanCreateCustomerAtAnyBank', ''],
      ['CanCreateUserCustomerLinkAtAnyBank', ''],
    ]);
    creator = await gateway.user([['CanCreateCustomer', demoBank]]);
    reader = await gateway.user([['CanGetCustomer', demoBank]]);
  });

  after(() => gateway.close());

  describe('OBPv2.1.0-createCustomer', () => {
    for (const version of ['v2.1.0', 'v3.0.0']) {
      describe(`under ${version}`, () => {
        it('answers 201 with CustomerJsonV210 and links the customer to the caller', async () => {
          const number = uniqueCustomerNumber();
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(customerV210Body('', number));
          const body = expectSuccess<CustomerJson>(res, 201);
          expect(Object.keys(body)).to.have.members([...customerV210Keys]);
          expect(body).to.deep.include({
            bank_id: demoBank,
            customer_number: number,
            legal_name: 'Eveline Tripman',
            mobile_phone_number: '+44 07972 444 876',
            email: 'felixsmith@example.com',
            face_image: { url: 'www.openbankproject', date: seedDateTime },
            date_of_birth: seedDateTime,
            relationship_status: 'single',
            dependants: 1,
            dob_of_dependants: [seedDateTime],
            credit_rating: { rating: 'OBP', source: 'OBP' },
            credit_limit: { currency: 'EUR', amount: '10' },
            highest_education_attained: 'Master',
            employment_status: 'worker',
            kyc_status: true,
            last_ok_date: seedDateTime,
          });

          const mine = await gateway
            .http()
            .get(`/obp/v2.1.0/users/current/customers`)
            .set(bankPair.auth);
          const list = expectSuccess<CustomersJson>(mine, 200);
          expect(list.customers.map((c) => c.customer_id)).to.include(body.customer_id);
        });

        it('links the customer to the user named by user_id', async () => {
          const owner = await gateway.user();
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(systemPair.auth)
            .send(customerV210Body(owner.userId, uniqueCustomerNumber()));
          const body = expectSuccess<CustomerJson>(res, 201);
          const theirs = await gateway
            .http()
            .get(`/obp/v2.1.0/users/current/customers`)
            .set(owner.auth);
          expect(
            expectSuccess<CustomersJson>(theirs, 200).customers.map((c) => c.customer_id),
          ).to.deep.equal([body.customer_id]);
        });

        it('accepts the system pair of roles alone', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(systemPair.auth)
            .send(customerV210Body('', uniqueCustomerNumber()));
          expectSuccess<CustomerJson>(res, 201);
        });

        for (const [name, grants] of [
          ['CanCreateCustomer alone', [['CanCreateCustomer', demoBank]]],
          ['CanCreateUserCustomerLink alone', [['CanCreateUserCustomerLink', demoBank]]],
          ['CanCreateCustomerAtAnyBank alone', [['CanCreateCustomerAtAnyBank', '']]],
          [
            'CanCreateUserCustomerLinkAtAnyBank alone',
            [['CanCreateUserCustomerLinkAtAnyBank', '']],
          ],
          [
            'a bank role and a system role of different pairs',
            [
              ['CanCreateCustomer', demoBank],
              ['CanCreateUserCustomerLinkAtAnyBank', ''],
            ],
          ],
        ] as const) {
          it(`refuses ${name} with 403 OBP-20006 naming both pairs`, async () => {
            const user = await gateway.user(grants);
            const res = await gateway
              .http()
              .post(customersPath(version))
              .set(user.auth)
              .send(customerV210Body('', uniqueCustomerNumber()));
            expect(expectObpError(res, 403, 'OBP-20006')).to.equal(pairsText);
          });
        }

        it('answers 404 OBP-20005 for an unknown user_id', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(customerV210Body('no-such-user', uniqueCustomerNumber()));
          expect(expectObpError(res, 404, 'OBP-20005')).to.contain('no-such-user');
        });

        it('answers 400 OBP-30006 for a customer number already taken at the bank', async () => {
          const number = uniqueCustomerNumber();
          const first = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(customerV210Body('', number));
          expectSuccess<CustomerJson>(first, 201);
          const again = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(customerV210Body('', number));
          expect(expectObpError(again, 400, 'OBP-30006')).to.contain(
            `Current customer_number(${number}) and Current bank_id(${demoBank})`,
          );
        });

        it('answers 400 OBP-10001 for a customer number containing ::::', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(customerV210Body('', 'a::::b'));
          expect(expectObpError(res, 400, 'OBP-10001')).to.contain('customer_number');
        });

        it('answers 400 OBP-10001 naming a missing field', async () => {
          const { user_id: _omitted, ...body } = customerV210Body('', uniqueCustomerNumber());
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(body);
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('PostCustomerJsonV210');
          expect(message).to.contain('user_id');
        });

        it('answers 400 OBP-10020 when dependants is not the length of dob_of_dependants', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(bankPair.auth)
            .send(customerV210Body('', uniqueCustomerNumber(), { dependants: 2 }));
          expect(expectObpError(res, 400, 'OBP-10020')).to.equal(
            'OBP-10020: Incorrect json. The field dependants(2) not equal the length(1) of dob_of_dependants array',
          );
        });
      });
    }
  });

  describe('OBPv3.1.0-createCustomer', () => {
    const version = 'v3.1.0';

    it('answers 201 with CustomerJsonV310 and a backend-assigned number; the customer reads back', async () => {
      const sent = customerV310Body();
      const res = await gateway
        .http()
        .post(customersPath(version))
        .set(creator.auth)
        .send({ ...sent, customer_number: 'ignored-by-v3.1.0' });
      const body = expectSuccess<CustomerJson>(res, 201);
      expect(Object.keys(body)).to.have.members(customerV310Keys);
      expect(body.customer_number).to.be.a('string').and.not.equal('ignored-by-v3.1.0');
      expect(body.customer_number).to.not.equal('');
      const { customer_id: _id, customer_number: _number, ...rest } = body;
      expect(rest).to.deep.equal({ bank_id: demoBank, ...sent });

      const read = await gateway
        .http()
        .get(`${customersPath(version)}/${body.customer_id}`)
        .set(reader.auth);
      const again = expectSuccess<CustomerJson>(read, 200);
      expect(Object.keys(again)).to.have.members(customerWithAttributesKeys);
      expect(again).to.deep.equal({ ...body, customer_attributes: [] });
    });

    it('accepts CanCreateCustomerAtAnyBank instead of CanCreateCustomer', async () => {
      const user = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
      const res = await gateway
        .http()
        .post(customersPath(version))
        .set(user.auth)
        .send(customerV310Body());
      expectSuccess<CustomerJson>(res, 201);
    });

    it('checks roles before the bank: 403 OBP-20006 at an unknown bank without a role', async () => {
      const user = await gateway.user();
      const res = await gateway
        .http()
        .post(customersPath(version, uniqueBankId()))
        .set(user.auth)
        .send(customerV310Body());
      expectObpError(res, 403, 'OBP-20006');
    });

    it('answers 404 OBP-30001 at an unknown bank for a holder of the system role', async () => {
      const user = await gateway.user([['CanCreateCustomerAtAnyBank', '']]);
      const bankId = uniqueBankId();
      const res = await gateway
        .http()
        .post(customersPath(version, bankId))
        .set(user.auth)
        .send(customerV310Body());
      expect(expectObpError(res, 404, 'OBP-30001')).to.contain(`Current BankId is ${bankId}`);
    });

    it('answers 400 OBP-10001 naming a missing field (every field is required)', async () => {
      const { title: _omitted, ...body } = customerV310Body();
      const res = await gateway.http().post(customersPath(version)).set(creator.auth).send(body);
      const message = expectObpError(res, 400, 'OBP-10001');
      expect(message).to.contain('PostCustomerJsonV310');
      expect(message).to.contain('title');
    });

    it('answers 400 OBP-10001 naming a date that is not a date', async () => {
      const res = await gateway
        .http()
        .post(customersPath(version))
        .set(creator.auth)
        .send(customerV310Body({ date_of_birth: '19/09/2017' }));
      expect(expectObpError(res, 400, 'OBP-10001')).to.contain('date_of_birth');
    });

    it('answers 400 OBP-10020 when dependants is not the length of dob_of_dependants', async () => {
      const res = await gateway
        .http()
        .post(customersPath(version))
        .set(creator.auth)
        .send(customerV310Body({ dependants: 0 }));
      expect(expectObpError(res, 400, 'OBP-10020')).to.contain(
        'dependants(0) not equal the length(1) of dob_of_dependants array',
      );
    });
  });

  describe('OBPv4.0.0-createCustomer', () => {
    const version = 'v4.0.0';

    it('answers 201 with CustomerJsonV310', async () => {
      const sent = customerV310Body({ legal_name: 'Felix Smith' });
      const res = await gateway.http().post(customersPath(version)).set(creator.auth).send(sent);
      const body = expectSuccess<CustomerJson>(res, 201);
      expect(Object.keys(body)).to.have.members(customerV310Keys);
      const { customer_id: _id, customer_number: _number, ...rest } = body;
      expect(rest).to.deep.equal({ bank_id: demoBank, ...sent });
    });

    it('checks the bank before roles (auto-validation): 404 OBP-30001 without a role', async () => {
      const user = await gateway.user();
      const res = await gateway
        .http()
        .post(customersPath(version, uniqueBankId()))
        .set(user.auth)
        .send(customerV310Body());
      expectObpError(res, 404, 'OBP-30001');
    });

    it('answers 400 OBP-10001 listing an id-like field that is not an OBP id', async () => {
      const res = await gateway
        .http()
        .post(customersPath(version))
        .set(creator.auth)
        .send(customerV310Body({ branch_id: 'DERBY 6' }));
      expect(expectObpError(res, 400, 'OBP-10001')).to.contain(
        'Here are all invalid values: branch_id',
      );
    });

    it('answers 400 OBP-10020 when dependants is not the length of dob_of_dependants', async () => {
      const res = await gateway
        .http()
        .post(customersPath(version))
        .set(creator.auth)
        .send(customerV310Body({ dependants: 3 }));
      expectObpError(res, 400, 'OBP-10020');
    });
  });

  describe('OBPv5.0.0-createCustomer', () => {
    for (const version of ['v5.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        it('answers 201 for legal_name and mobile_phone_number alone, with OBP defaults', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send(customerV500Body());
          const body = expectSuccess<CustomerJson>(res, 201);
          expect(Object.keys(body)).to.have.members(customerV310Keys);
          expect(body.customer_number).to.match(/^\d+$/);
          expect(body).to.deep.include({
            bank_id: demoBank,
            legal_name: 'Eveline Tripman',
            mobile_phone_number: '+44 07972 444 876',
            email: '',
            date_of_birth: null,
            relationship_status: '',
            dependants: 0,
            dob_of_dependants: [],
            highest_education_attained: '',
            employment_status: '',
            kyc_status: false,
            last_ok_date: null,
            title: '',
            branch_id: '',
            name_suffix: '',
          });
        });

        it('keeps a given customer_number and every other field', async () => {
          const number = uniqueCustomerNumber();
          const sent = { ...customerV310Body(), customer_number: number };
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send(sent);
          const body = expectSuccess<CustomerJson>(res, 201);
          const { customer_id: _id, ...rest } = body;
          expect(rest).to.deep.equal({ bank_id: demoBank, ...sent });

          const found = await gateway
            .http()
            .post(`${customersPath(version)}/customer-number`)
            .set(reader.auth)
            .send({ customer_number: number });
          expect(expectSuccess<CustomerJson>(found, 200).customer_id).to.equal(body.customer_id);
        });

        it('answers 400 OBP-30006 for a customer_number already taken at the bank', async () => {
          const number = uniqueCustomerNumber();
          const first = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send(customerV500Body({ customer_number: number }));
          expectSuccess<CustomerJson>(first, 201);
          const again = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send(customerV500Body({ customer_number: number }));
          expect(expectObpError(again, 400, 'OBP-30006')).to.contain(
            `Current customer_number(${number}) and Current bank_id(${demoBank})`,
          );
        });

        it('answers 400 OBP-10001 naming a missing legal_name', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send({ mobile_phone_number: '+44 07972 444 876' });
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('PostCustomerJsonV500');
          expect(message).to.contain('legal_name');
        });

        it('answers 400 OBP-10001 for a customer_number containing ::::', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send(customerV500Body({ customer_number: '12::::34' }));
          expect(expectObpError(res, 400, 'OBP-10001')).to.contain('customer_number');
        });

        it('answers 400 OBP-10020 when dependants is not the length of dob_of_dependants', async () => {
          const res = await gateway
            .http()
            .post(customersPath(version))
            .set(creator.auth)
            .send(customerV500Body({ dependants: 2, dob_of_dependants: [seedDateTime] }));
          expect(expectObpError(res, 400, 'OBP-10020')).to.contain(
            'dependants(2) not equal the length(1) of dob_of_dependants array',
          );
        });
      });
    }
  });
});
