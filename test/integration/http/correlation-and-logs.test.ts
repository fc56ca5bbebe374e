import { expect } from 'chai';
import { capturingLogger } from '../../helpers/capturing-logger.js';
import { controllableAdapter, type AdapterControl } from '../../helpers/controllable-adapter.js';
import { bodyOf } from '../../helpers/http-body.js';
import {
  demoBank,
  startTestGateway,
  testPassword,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { createCustomer, linkUserToCustomer } from './endpoints/endpoint-fixture.js';

describe('correlation ids and request logs', () => {
  let gateway: TestGateway;
  let user: TestUser;
  let backend: AdapterControl;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    const recording = controllableAdapter();
    backend = recording.control;
    gateway = await startTestGateway({
      adapter: recording.adapter,
      logger: capturingLogger(lines),
    });
    user = await gateway.user([
      ['CanCreateCustomer', demoBank],
      ['CanGetCustomer', demoBank],
    ]);
  });
  after(() => gateway.close());

  describe('Correlation-Id', () => {
    it('is a fresh UUID when the client sends none', async () => {
      const res = await gateway.http().get('/obp/v5.1.0/banks');
      expect(res.headers['correlation-id']).to.match(/^[0-9a-f-]{36}$/);
    });

    it('honours a well-formed X-Correlation-Id, on success and on error', async () => {
      const ok = await gateway
        .http()
        .get('/obp/v5.1.0/banks')
        .set('X-Correlation-Id', 'client-trace-0001');
      expect(ok.headers['correlation-id']).to.equal('client-trace-0001');
      const failed = await gateway
        .http()
        .get('/obp/v5.1.0/banks/gh.29.uk/meetings')
        .set('X-Correlation-Id', 'client-trace-0002');
      expect(failed.status).to.equal(401);
      expect(failed.headers['correlation-id']).to.equal('client-trace-0002');
    });

    it('honours and echoes a well-formed X-Request-ID', async () => {
      const res = await gateway.http().get('/obp/v5.1.0/banks').set('X-Request-ID', 'req-42');
      expect(res.headers['correlation-id']).to.equal('req-42');
      expect(res.headers['x-request-id']).to.equal('req-42');
    });

    it('replaces an ill-formed or over-long client id with a UUID', async () => {
      for (const offered of ['has spaces in it', '<script>', 'x'.repeat(200)]) {
        const res = await gateway.http().get('/obp/v5.1.0/banks').set('X-Correlation-Id', offered);
        expect(res.headers['correlation-id']).to.match(/^[0-9a-f-]{36}$/);
      }
    });

    it('is on 404s for unknown routes and on body errors', async () => {
      const missing = await gateway.http().get('/nowhere');
      expect(missing.headers['correlation-id']).to.be.a('string').that.is.not.empty;
      const bad = await gateway
        .http()
        .post('/obp/v5.1.0/banks/gh.29.uk/customers')
        .set(user.auth)
        .set('Content-Type', 'application/json')
        .send('{');
      expect(bad.status).to.equal(400);
      expect(bad.headers['correlation-id']).to.be.a('string').that.is.not.empty;
    });

    it('travels to the adapter with the consumer, the user and the Pass-Through headers', async () => {
      backend.seen.length = 0;
      const res = await gateway
        .http()
        .get('/obp/v5.1.0/banks/gh.29.uk/customers/7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh')
        .set(user.auth)
        .set('X-Correlation-Id', 'trace-to-adapter')
        .set('Pass-Through-Branch', 'DERBY6')
        .set('Pass-Through-Channel', 'mobile')
        .set('X-Other', 'not passed');
      expect(res.status).to.equal(404);
      expect(backend.seen).to.have.length.greaterThan(0);
      const consumer = await gateway.authServices.consumers.findByKey(gateway.consumerKey);
      for (const { callContext: ctx } of backend.seen) {
        expect(ctx.correlationId).to.equal('trace-to-adapter');
        expect(ctx.consumerId).to.equal(consumer?.consumerId);
        expect(ctx.outboundAdapterAuthInfo?.userId).to.equal(user.userId);
        expect(ctx.outboundAdapterAuthInfo?.username).to.equal(user.username);
        expect(ctx.generalContext.map((c) => [c.key.toLowerCase(), c.value])).to.deep.equal([
          ['pass-through-branch', 'DERBY6'],
          ['pass-through-channel', 'mobile'],
        ]);
      }
    });
  });

  describe('linkedCustomers', () => {
    it("carry the user's linked customers on every call but the lookup of them", async () => {
      const customer = await createCustomer(gateway, user, demoBank);
      await linkUserToCustomer(gateway, user.userId, customer);
      backend.seen.length = 0;
      const res = await gateway
        .http()
        .get(`/obp/v5.1.0/banks/${demoBank}/customers/${customer.customer_id}`)
        .set(user.auth);
      expect(res.status).to.equal(200);

      const linked = (method: string) =>
        backend.seen
          .filter((call) => call.method === method)
          .map((call) => call.callContext.outboundAdapterAuthInfo?.linkedCustomers)
          .map((list) => list?.map((c) => ({ ...c })));
      expect(linked('getCustomersByUserId')).to.deep.equal([[]]);
      const expected = [
        {
          customerId: customer.customer_id,
          customerNumber: customer.customer_number,
          legalName: customer.legal_name,
        },
      ];
      expect(linked('getCustomerByCustomerId')).to.deep.equal([expected]);
      expect(backend.seen.map((call) => call.method)).to.include('getCustomerAttributes');
      expect(linked('getCustomerAttributes')).to.deep.equal([expected]);
    });
  });

  describe('request log', () => {
    it('writes one line per request with correlation id, method, path pattern, status and duration', async () => {
      lines.length = 0;
      await gateway
        .http()
        .get('/obp/v5.1.0/banks/gh.29.uk')
        .set('X-Correlation-Id', 'log-line-check');
      const line = lines.find((l) => l.correlationId === 'log-line-check');
      expect(line).to.include({
        method: 'GET',
        path: '/obp/v5.1.0/banks/BANK_ID',
        status: 200,
        operationId: 'OBPv4.0.0-getBank',
      });
      expect(line?.durationMs).to.be.a('number');
    });

    it('shows only route words of a path no route matched, and only the route of a fixed one', async () => {
      lines.length = 0;
      const paths = {
        // A wrong verb on a real route, with a customer id in it.
        'wrong-verb': '/obp/v5.1.0/banks/gh.29.uk/customers/7uy8a7e4-6d02-40e3-a129',
        // An unknown route with an e-mail address in it.
        unknown: '/obp/v5.1.0/users/alice.private@example.org/customers',
        fingerprint: '/connector/schemas/alice.private',
      };
      for (const [id, path] of Object.entries(paths))
        await gateway.http().patch(path).set('X-Correlation-Id', `unmatched-${id}`);
      await gateway.http().get(paths.fingerprint).set('X-Correlation-Id', 'fixed-prefix');
      await gateway.http().get('/connector/methods').set('X-Correlation-Id', 'fixed-exact');
      const pathOf = (correlationId: string) =>
        lines.find((l) => l.correlationId === correlationId)?.path;
      expect(pathOf('unmatched-wrong-verb')).to.equal('/obp/v5.1.0/banks/…/customers/…');
      expect(pathOf('unmatched-unknown')).to.equal('/obp/v5.1.0/users/…/customers');
      expect(pathOf('unmatched-fingerprint')).to.equal('/connector/schemas/…');
      expect(pathOf('fixed-prefix')).to.equal('/connector/schemas/…');
      expect(pathOf('fixed-exact')).to.equal('/connector/methods');
      const text = JSON.stringify(lines);
      for (const value of ['gh.29.uk', '7uy8a7e4', 'alice']) expect(text).not.to.contain(value);
    });

    it('never logs names, e-mail, phone numbers, passwords, tokens or consumer keys at info level', async () => {
      lines.length = 0;
      const secret = {
        legal_name: 'Zebulon Quixotic-Personal',
        mobile_phone_number: '+44 0000 918273',
        email: 'zebulon.private@example.org',
      };
      const created = await gateway
        .http()
        .post('/obp/v5.1.0/banks/gh.29.uk/customers')
        .set(user.auth)
        .send(secret);
      expect(created.status).to.equal(201);
      await gateway
        .http()
        .get(
          `/obp/v5.1.0/banks/gh.29.uk/customers/${bodyOf<{ customer_id: string }>(created).customer_id}`,
        )
        .set(user.auth);
      await gateway
        .http()
        .post('/my/logins/direct')
        .set(
          'DirectLogin',
          `username=${user.username}, password=${testPassword}, consumer_key=${gateway.consumerKey}`,
        );
      await gateway
        .http()
        .post('/my/logins/direct')
        .set(
          'DirectLogin',
          `username=${user.username}, password=Wrong!Passw0rd, consumer_key=${gateway.consumerKey}`,
        );
      const text = JSON.stringify(lines);
      expect(lines.length).to.be.greaterThan(3);
      for (const value of [
        ...Object.values(secret),
        testPassword,
        'Wrong!Passw0rd',
        user.token,
        gateway.consumerKey,
      ]) {
        expect(text).not.to.contain(value);
      }
    });
  });
});
