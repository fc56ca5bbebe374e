import { expect } from 'chai';
import type { Response } from 'supertest';
import { roleNames, roleCatalog } from '../../../src/auth/roles.js';
import { PATH_PARAMETER } from '../../../src/http/path-params.js';
import type { EndpointDefinition } from '../../../src/http/endpoint.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { endpointUrl, endpoints } from './endpoint-requests.js';
import { sampleBodies } from './sample-bodies.js';
import { bodyOf, type ObpErrorBody } from '../../helpers/http-body.js';

const STACK_TRACE = /\bat .+\(.+:\d+:\d+\)|node_modules|\.ts:\d+/;

function expectClientError(res: Response, status: number, code: string): void {
  expect(res.status, res.text).to.equal(status);
  expect(res.body).to.have.property('code', status);
  expect(bodyOf<ObpErrorBody>(res).message).to.match(new RegExp(`^${code}: `));
  expect(res.text).not.to.match(STACK_TRACE);
  expect(res.headers['correlation-id']).to.be.a('string').that.is.not.empty;
}

const newest = (def: EndpointDefinition) =>
  def.versions[def.versions.length - 1] as (typeof def.versions)[number];
const withBody = endpoints.filter((def) => def.body !== undefined);
const withIds = endpoints.filter((def) => def.path.split('/').some((s) => PATH_PARAMETER.test(s)));

/** A value of the wrong JSON type for `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  return 'not an object';
}

/**
 * Generated from the endpoint table: bad input never breaks the gateway. Malformed JSON, wrong
 * content types, huge bodies, wrong field types, missing fields and ill-formed or over-long ids
 * are each a 4xx with the right OBP code and a message naming the field — never a 500, never a
 * stack trace.
 */
describe('bad input (generated over the endpoint table)', () => {
  let gateway: TestGateway;
  let superUser: TestUser;

  before(async () => {
    gateway = await startTestGateway();
    superUser = await gateway.user(
      roleNames.map((r) => [r, roleCatalog[r].requiresBankId ? demoBank : ''] as const),
    );
  });
  after(() => gateway.close());

  const url = (def: EndpointDefinition) =>
    endpointUrl(def, newest(def), demoBank, { USER_ID: superUser.userId });
  const call = (def: EndpointDefinition) => {
    const verb = def.verb.toLowerCase() as 'post' | 'put';
    return gateway.http()[verb](url(def)).set(superUser.auth);
  };

  for (const def of withBody) {
    describe(`${def.operationId} ${def.verb} ${def.path}`, () => {
      it('answers 400 OBP-10001 to malformed JSON', async () => {
        const res = await call(def)
          .set('Content-Type', 'application/json')
          .send('{"legal_name": "Eve');
        expectClientError(res, 400, 'OBP-10001');
      });

      it('answers 415 OBP-10001 to text/plain and to a form body', async () => {
        expectClientError(
          await call(def).set('Content-Type', 'text/plain').send('legal_name=Eve'),
          415,
          'OBP-10001',
        );
        expectClientError(
          await call(def).type('form').send({ legal_name: 'Eve' }),
          415,
          'OBP-10001',
        );
      });

      it('answers 413 OBP-10001 to a body over the limit', async () => {
        const res = await call(def).send({ padding: 'x'.repeat(200_000) });
        expectClientError(res, 413, 'OBP-10001');
      });

      it('answers 400 OBP-10001 to a JSON array or an empty body', async () => {
        expectClientError(await call(def).send([]), 400, 'OBP-10001');
        expectClientError(
          await call(def).set('Content-Type', 'application/json'),
          400,
          'OBP-10001',
        );
      });

      const sample = sampleBodies[def.operationId] as Record<string, unknown>;
      for (const field of Object.keys(sample)) {
        it(`answers 400 OBP-10001 naming ${field} when it has the wrong type`, async () => {
          const res = await call(def).send({ ...sample, [field]: wrongType(sample[field]) });
          expectClientError(res, 400, 'OBP-10001');
          expect(bodyOf<ObpErrorBody>(res).message).to.contain(field);
        });
      }

      const required = Object.keys(sample).filter((field) => {
        const result = def.body?.safeParse({ ...sample, [field]: undefined });
        return result !== undefined && !result.success;
      });
      for (const field of required) {
        it(`answers 400 OBP-10001 naming ${field} when it is missing`, async () => {
          const res = await call(def).send({ ...sample, [field]: undefined });
          expectClientError(res, 400, 'OBP-10001');
          expect(bodyOf<ObpErrorBody>(res).message).to.contain(field);
        });
      }
    });
  }

  for (const def of withIds) {
    const params = def.path.split('/').filter((s) => PATH_PARAMETER.test(s));
    for (const param of params) {
      describe(`${def.operationId} ${def.verb} ${def.path}`, () => {
        const code = param === 'BANK_ID' ? 'OBP-30111' : 'OBP-10034';
        const bad = (value: string) => {
          const ids = { USER_ID: superUser.userId, [param]: value };
          const target = endpointUrl(def, newest(def), param === 'BANK_ID' ? value : demoBank, ids);
          const verb = def.verb.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
          const req = gateway.http()[verb](target).set(superUser.auth);
          return def.body ? req.send(sampleBodies[def.operationId] as object) : req;
        };
        it(`answers 400 ${code} for an over-long ${param}`, async () => {
          const res = await bad('a'.repeat(param === 'BANK_ID' ? 300 : 200));
          expectClientError(res, 400, code);
          if (param !== 'BANK_ID') expect(bodyOf<ObpErrorBody>(res).message).to.contain(param);
        });
        it(`answers 400 ${code} for an ill-formed ${param}`, async () => {
          expectClientError(await bad("x' OR '1'='1"), 400, code);
        });
      });
    }
  }

  describe('unknown routes', () => {
    for (const path of [
      '/obp/v5.1.0/no-such-thing',
      '/obp/v9.9.9/banks',
      '/banks',
      '/obp/v1.4.0/users/current/customers',
    ]) {
      it(`answers 404 OBP-10404 for GET ${path}`, async () => {
        expectClientError(await gateway.http().get(path).set(superUser.auth), 404, 'OBP-10404');
      });
    }
    it('answers 404 OBP-10404 for a verb the path does not serve', async () => {
      expectClientError(
        await gateway.http().patch('/obp/v5.1.0/banks').set(superUser.auth),
        404,
        'OBP-10404',
      );
    });
  });
});
