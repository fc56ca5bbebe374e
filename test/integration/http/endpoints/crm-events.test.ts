import { expect } from 'chai';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../../helpers/test-gateway.js';
import { createBank } from './endpoint-fixture.js';
import { expectCorrelationId, expectSuccess, obpDateTimePattern } from './obp-assertions.js';

/** CrmEventJson. */
interface CrmEventJson {
  id: string;
  bank_id: string;
  customer_name: string;
  customer_number: string;
  category: string;
  detail: string;
  channel: string;
  scheduled_date: string;
  actual_date: string | null;
  result: string;
}

const crmEventKeys = [
  'id',
  'bank_id',
  'customer_name',
  'customer_number',
  'category',
  'detail',
  'channel',
  'scheduled_date',
  'actual_date',
  'result',
];

describe('OBPv1.4.0-getCrmEvents', () => {
  let gateway: TestGateway;
  let user: TestUser;
  let quietBank: string;

  before(async () => {
    gateway = await startTestGateway();
    user = await gateway.user();
    quietBank = await createBank(gateway);
  });

  after(() => gateway.close());

  for (const version of ['v1.4.0', 'v5.1.0']) {
    describe(`under ${version}`, () => {
      it("answers 200 with {crm_events: [...]} of the bank's events", async () => {
        const res = await gateway
          .http()
          .get(`/obp/${version}/banks/${demoBank}/crm-events`)
          .set(user.auth);
        const body = expectSuccess<{ crm_events: CrmEventJson[] }>(res, 200);
        expect(Object.keys(body)).to.deep.equal(['crm_events']);
        // The memory backend is seeded with three events at the demo bank.
        expect(body.crm_events).to.have.length(3);
        for (const event of body.crm_events) {
          expect(Object.keys(event)).to.have.members(crmEventKeys);
          expect(event).to.deep.include({
            bank_id: demoBank,
            customer_name: 'Eveline Tripman',
            customer_number: '5987953',
          });
          expect(event.scheduled_date).to.match(obpDateTimePattern);
          if (event.actual_date !== null) expect(event.actual_date).to.match(obpDateTimePattern);
        }
        expect(body.crm_events.map((e) => e.category)).to.deep.equal([
          'onboarding',
          'lending',
          'review',
        ]);
      });

      it('answers 404 with the code-less "No CRM Events available." at a bank without events', async () => {
        const res = await gateway
          .http()
          .get(`/obp/${version}/banks/${quietBank}/crm-events`)
          .set(user.auth);
        expect(res.status).to.equal(404);
        expectCorrelationId(res);
        expect(res.body).to.deep.equal({ code: 404, message: 'No CRM Events available.' });
      });
    });
  }
});
