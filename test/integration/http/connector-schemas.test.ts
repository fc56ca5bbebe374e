import { expect } from 'chai';
import avro from 'avsc';
import { fingerprintBytes } from '../../../src/codec/crc64-avro.js';
import { bodyOf, type ObpErrorBody } from '../../helpers/http-body.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface Listing {
  schemas: { method: string; version: number; direction: string; fingerprint: string }[];
}

describe('GET /connector/schemas', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway();
  });
  after(() => gateway.close());

  it('lists method, version, direction and fingerprint of every schema, anonymously', async () => {
    const res = await gateway.http().get('/connector/schemas').expect(200);
    const { schemas } = bodyOf<Listing>(res);
    expect(schemas).to.have.length(36 * 2 + 1);
    expect(schemas).to.deep.include({
      method: 'createCustomer',
      version: 1,
      direction: 'request',
      fingerprint: gateway.services.catalog.entry('createCustomer', 1, 'request').fingerprint,
    });
    expect(schemas.map((s) => s.direction)).to.include('record');
    for (const s of schemas) expect(s.fingerprint).to.match(/^[0-9a-f]{16}$/);
  });

  it('returns each schema self-contained: parseable alone, with the fingerprint it is listed under', async () => {
    const { schemas } = bodyOf<Listing>(await gateway.http().get('/connector/schemas').expect(200));
    for (const listed of schemas) {
      const res = await gateway.http().get(`/connector/schemas/${listed.fingerprint}`).expect(200);
      // No registry: every named type must be inlined.
      const type = avro.Type.forSchema(res.body as avro.Schema);
      expect(
        fingerprintBytes(JSON.stringify(type.schema())).toString('hex'),
        listed.method,
      ).to.equal(listed.fingerprint);
    }
  });

  it('keeps the docs in the returned schema', async () => {
    const fingerprint = gateway.services.catalog.entry(
      'getCustomerByCustomerId',
      1,
      'response',
    ).fingerprint;
    const res = await gateway.http().get(`/connector/schemas/${fingerprint}`).expect(200);
    expect(JSON.stringify(res.body)).to.contain('"doc"');
  });

  it('answers 404 OBP-10405 for an unknown fingerprint and 400 OBP-10034 for a malformed one', async () => {
    const missing = await gateway.http().get('/connector/schemas/0000000000000000').expect(404);
    expect(bodyOf<ObpErrorBody>(missing).message).to.match(/^OBP-10405: /);
    const bad = await gateway.http().get('/connector/schemas/XYZ').expect(400);
    expect(bodyOf<ObpErrorBody>(bad).message).to.match(/^OBP-10034: /);
  });

  it('lists each method with its version, kind and the OBP endpoints that use it', async () => {
    const res = await gateway.http().get('/connector/methods').expect(200);
    const { methods } = bodyOf<{
      methods: { method: string; version: number; kind: string; endpoints: string[] }[];
    }>(res);
    expect(methods).to.have.length(36);
    const getById = methods.find((m) => m.method === 'getCustomerByCustomerId');
    expect(getById).to.include({ version: 1, kind: 'read' });
    expect(getById?.endpoints).to.include('OBPv3.1.0-getCustomerByCustomerId');
  });
});
