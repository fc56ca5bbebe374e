import { expect } from 'chai';
import type { Response } from 'supertest';
import { roleCatalog, type RoleName } from '../../../src/auth/roles.js';
import type { EndpointDefinition } from '../../../src/http/endpoint.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { edgeVersions, endpointUrl, endpoints, send } from './endpoint-requests.js';
import { bodyOf, type ObpErrorBody } from '../../helpers/http-body.js';

const unknownBank = 'no-such-bank';

function expectObp(res: Response, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.body).to.have.property('code', status);
  expect(bodyOf<ObpErrorBody>(res).message).to.match(new RegExp(`^${code}: `));
  expect(res.headers['correlation-id']).to.be.a('string').that.is.not.empty;
}

function checksBank(def: EndpointDefinition): boolean {
  return def.path.includes('BANK_ID') && (def.checks ?? ['bank']).includes('bank');
}

/**
 * Generated from the endpoint table: for every endpoint under its oldest and newest prefix,
 * 401 without login, 403 without each required role (and no 403 with each accepted role set),
 * and 404 for an unknown bank.
 */
describe('endpoint table: login, roles and banks (generated)', () => {
  let gateway: TestGateway;
  const users = new Map<string, Promise<TestUser>>();
  const userHolding = (roles: readonly RoleName[], bankId: string): Promise<TestUser> => {
    const key = `${bankId}|${[...roles].sort().join(',')}`;
    let user = users.get(key);
    if (!user) {
      user = gateway.user(
        roles.map((r) => [r, roleCatalog[r].requiresBankId ? bankId : ''] as const),
      );
      users.set(key, user);
    }
    return user;
  };

  before(async () => {
    gateway = await startTestGateway();
  });
  after(() => gateway.close());

  for (const def of endpoints) {
    for (const version of edgeVersions(def)) {
      describe(`${def.operationId} ${def.verb} /obp/${version}${def.path}`, () => {
        if (def.auth !== 'optional') {
          it('answers 401 OBP-20001 with WWW-Authenticate without login', async () => {
            const res = await send(gateway.http(), def, endpointUrl(def, version, demoBank));
            expectObp(res, 401, 'OBP-20001');
            expect(res.headers['www-authenticate']).to.contain('DirectLogin realm=');
          });
          it('answers 401 OBP-20003 for an invalid token', async () => {
            const res = await send(gateway.http(), def, endpointUrl(def, version, demoBank), {
              DirectLogin: 'token=not-a-token',
            });
            expectObp(res, 401, 'OBP-20003');
          });
        }

        const requirement = def.roles ?? [];
        if (requirement.length > 0) {
          it('answers 403 OBP-20006 to a user holding none of the roles', async () => {
            const user = await userHolding([], demoBank);
            const res = await send(
              gateway.http(),
              def,
              endpointUrl(def, version, demoBank),
              user.auth,
            );
            expectObp(res, 403, 'OBP-20006');
            for (const group of requirement)
              for (const role of group) expect(bodyOf<ObpErrorBody>(res).message).to.contain(role);
          });
          for (const group of requirement) {
            it(`lets a user holding ${group.join(' + ')} past the role check`, async () => {
              const user = await userHolding(group, demoBank);
              const res = await send(
                gateway.http(),
                def,
                endpointUrl(def, version, demoBank),
                user.auth,
              );
              expect(res.status, JSON.stringify(res.body)).to.not.be.oneOf([401, 403]);
            });
            if (group.length > 1) {
              for (const missing of group) {
                it(`answers 403 OBP-20006 to a user holding ${group.join(' + ')} but ${missing}`, async () => {
                  // Every other group loses its first role, so no group is complete.
                  const others = requirement.filter((g) => g !== group).flatMap((g) => g.slice(1));
                  const held = [...group.filter((r) => r !== missing), ...others];
                  const user = await userHolding(held, demoBank);
                  const res = await send(
                    gateway.http(),
                    def,
                    endpointUrl(def, version, demoBank),
                    user.auth,
                  );
                  expectObp(res, 403, 'OBP-20006');
                });
              }
            }
          }
          if (requirement.some((group) => group.some((role) => roleCatalog[role].requiresBankId))) {
            it('answers 403 OBP-20006 when the bank roles are held at another bank only', async () => {
              const bankRoles = requirement
                .filter((g) => g.every((r) => roleCatalog[r].requiresBankId))
                .flat();
              const user = await userHolding(bankRoles, 'some-other-bank');
              const res = await send(
                gateway.http(),
                def,
                endpointUrl(def, version, demoBank),
                user.auth,
              );
              expectObp(res, 403, 'OBP-20006');
            });
          }
        }

        if (checksBank(def)) {
          it('answers 404 OBP-30001 for an unknown bank', async () => {
            const user = await userHolding(requirement[0] ?? [], unknownBank);
            const res = await send(
              gateway.http(),
              def,
              endpointUrl(def, version, unknownBank),
              user.auth,
            );
            expectObp(res, 404, 'OBP-30001');
          });
        }
      });
    }
  }
});
