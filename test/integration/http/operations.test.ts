import { expect } from 'chai';
import { bodyOf } from '../../helpers/http-body.js';
import { demoBank, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean }>;
}

describe('operations endpoints', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway();
  });
  after(() => gateway.close());

  it('GET /health answers alive, anonymously, with a Correlation-Id', async () => {
    const res = await gateway.http().get('/health').expect(200);
    expect(res.body).to.deep.equal({ status: 'alive' });
    expect(res.headers['correlation-id']).to.be.a('string');
  });

  it('GET /ready answers 200 with each check when the store answers', async () => {
    const res = await gateway.http().get('/ready').expect(200);
    const body = bodyOf<Readiness>(res);
    expect(body.ready).to.equal(true);
    expect(body.checks.store?.ok).to.equal(true);
  });

  it('GET /metrics serves Prometheus text with request latency per endpoint', async () => {
    await gateway.http().get(`/obp/v5.1.0/banks/${demoBank}`).expect(200);
    const res = await gateway.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).to.contain('text/plain');
    expect(res.text).to.match(
      /southgate_http_request_duration_seconds_count\{[^}]*operation="OBPv4.0.0-getBank"[^}]*\} [1-9]/,
    );
    expect(res.text).to.contain('southgate_process_cpu_seconds_total');
  });
});

describe('GET /ready when the store is gone', () => {
  it('answers 503 and says which check failed', async () => {
    const gateway = await startTestGateway();
    try {
      await gateway.authServices.store.sql.close();
      const res = await gateway.http().get('/ready').expect(503);
      const body = bodyOf<Readiness>(res);
      expect(body.ready).to.equal(false);
      expect(body.checks.store?.ok).to.equal(false);
    } finally {
      await gateway.close().catch(() => undefined);
    }
  });
});
