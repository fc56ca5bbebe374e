import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { uniqueBankId } from './bodies.js';
import { expectObpError, expectSuccess } from './obp-assertions.js';

/** BankJSON (v1.2.1–v3.1.0). */
interface BankJsonV121 {
  id: string;
  short_name: string;
  full_name: string;
  logo: string;
  website: string;
  bank_routing: { scheme: string; address: string };
}

/** BankJson400. */
interface BankJson400 {
  id: string;
  short_name: string;
  full_name: string;
  logo: string;
  website: string;
  bank_routings: { scheme: string; address: string }[];
}

const demoV121: BankJsonV121 = {
  id: demoBank,
  short_name: 'Southgate Demo Bank',
  full_name: 'Southgate Demo Bank plc',
  logo: 'https://www.example.com/southgate-demo-bank/logo.png',
  website: 'https://www.example.com/southgate-demo-bank',
  bank_routing: { scheme: 'BIC', address: 'SGDBGB2L' },
};

const { bank_routing: demoRouting, ...demoCommon } = demoV121;
const demo400: BankJson400 = { ...demoCommon, bank_routings: [demoRouting] };

function bankBody(id: string): BankJson400 {
  return {
    id,
    short_name: 'Test Bank',
    full_name: 'Test Bank plc',
    logo: 'https://www.example.com/test-bank/logo.png',
    website: 'https://www.example.com/test-bank',
    bank_routings: [
      { scheme: 'BIC', address: 'TESTGB2L' },
      { scheme: 'OBP', address: id },
    ],
  };
}

describe('banks', () => {
  let gateway: TestGateway;
  let banker: TestUser;

  before(async () => {
    gateway = await startTestGateway();
    banker = await gateway.user([['CanCreateBank', '']]);
  });

  after(() => gateway.close());

  describe('OBPv1.2.1-getBanks', () => {
    for (const version of ['v1.4.0', 'v3.1.0']) {
      it(`answers 200 anonymously under ${version} with BankJSON (one bank_routing)`, async () => {
        const res = await gateway.http().get(`/obp/${version}/banks`);
        const body = expectSuccess<{ banks: BankJsonV121[] }>(res, 200);
        expect(Object.keys(body)).to.deep.equal(['banks']);
        expect(body.banks).to.deep.include(demoV121);
      });
    }
  });

  describe('OBPv4.0.0-getBanks', () => {
    for (const version of ['v4.0.0', 'v5.1.0']) {
      it(`answers 200 anonymously under ${version} with BankJson400 (bank_routings)`, async () => {
        const res = await gateway.http().get(`/obp/${version}/banks`);
        const body = expectSuccess<{ banks: BankJson400[] }>(res, 200);
        expect(body.banks).to.deep.include(demo400);
      });
    }
  });

  describe('OBPv1.2.1-getBankById', () => {
    for (const version of ['v1.4.0', 'v3.1.0']) {
      describe(`under ${version}`, () => {
        it('answers 200 anonymously with BankJSON', async () => {
          const res = await gateway.http().get(`/obp/${version}/banks/${demoBank}`);
          expect(expectSuccess<BankJsonV121>(res, 200)).to.deep.equal(demoV121);
        });

        it('answers 404 OBP-30001 for an unknown bank', async () => {
          const res = await gateway.http().get(`/obp/${version}/banks/no.such.bank`);
          expect(expectObpError(res, 404, 'OBP-30001')).to.equal(
            'OBP-30001: Bank not found. Please specify a valid value for BANK_ID. Current BankId is no.such.bank',
          );
        });
      });
    }
  });

  describe('OBPv4.0.0-getBank', () => {
    for (const version of ['v4.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        it('answers 200 anonymously with BankJson400', async () => {
          const res = await gateway.http().get(`/obp/${version}/banks/${demoBank}`);
          expect(expectSuccess<BankJson400>(res, 200)).to.deep.equal(demo400);
        });

        it('answers 404 OBP-30001 for an unknown bank', async () => {
          const res = await gateway.http().get(`/obp/${version}/banks/no.such.bank`);
          expectObpError(res, 404, 'OBP-30001');
        });
      });
    }
  });

  describe('OBPv4.0.0-createBank', () => {
    for (const version of ['v4.0.0', 'v5.1.0']) {
      describe(`under ${version}`, () => {
        it('answers 201 with BankJson400; the bank reads back under old and new prefixes', async () => {
          const sent = bankBody(uniqueBankId());
          const res = await gateway
            .http()
            .post(`/obp/${version}/banks`)
            .set(banker.auth)
            .send(sent);
          expect(expectSuccess<BankJson400>(res, 201)).to.deep.equal(sent);

          const now = await gateway.http().get(`/obp/${version}/banks/${sent.id}`);
          expect(expectSuccess<BankJson400>(now, 200)).to.deep.equal(sent);
          const old = await gateway.http().get(`/obp/v1.4.0/banks/${sent.id}`);
          expect(expectSuccess<BankJsonV121>(old, 200).bank_routing).to.deep.equal({
            scheme: 'BIC',
            address: 'TESTGB2L',
          });
        });

        it('answers 400 OBP-34000 for a bank id already taken', async () => {
          const res = await gateway
            .http()
            .post(`/obp/${version}/banks`)
            .set(banker.auth)
            .send(bankBody(demoBank));
          expect(expectObpError(res, 400, 'OBP-34000')).to.contain(`Current BANK_ID(${demoBank})`);
        });

        it('answers 400 OBP-10001 naming id when it is not a valid bank id', async () => {
          const res = await gateway
            .http()
            .post(`/obp/${version}/banks`)
            .set(banker.auth)
            .send(bankBody('my bank'));
          const message = expectObpError(res, 400, 'OBP-10001');
          expect(message).to.contain('BankJson400');
          expect(message).to.contain('id ');
        });
      });
    }

    it('is not served under v3.1.0 (404 OBP-10404)', async () => {
      const res = await gateway
        .http()
        .post('/obp/v3.1.0/banks')
        .set(banker.auth)
        .send(bankBody(uniqueBankId()));
      expectObpError(res, 404, 'OBP-10404');
    });
  });
});
