import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createMemoryAdapter } from '../../../connectors/memory/memory-adapter.js';
import type { Adapter, HandlerContext } from '../../../src/adapter/index.js';
import { bodyOf, type ObpErrorBody } from '../../helpers/http-body.js';
import { createInProcessConnector } from '../../helpers/in-process-connector.js';
import {
  demoBank,
  startTestGateway,
  type TestGateway,
  type TestUser,
} from '../../helpers/test-gateway.js';
import { until } from '../../helpers/until.js';

/** The memory adapter, counting createCustomer executions. */
function countingAdapter(): { adapter: Adapter; created: () => number } {
  const inner = createMemoryAdapter();
  let created = 0;
  const create = inner.handlers.createCustomer;
  return {
    adapter: {
      ...inner,
      handlers: {
        ...inner.handlers,
        createCustomer: async (args, ctx: HandlerContext) => {
          created++;
          if (!create) throw new Error('memory adapter lost createCustomer');
          return create(args, ctx);
        },
      },
    },
    created: () => created,
  };
}

const url = `/obp/v5.1.0/banks/${demoBank}/customers`;
const body = { legal_name: 'Eveline Tripman', mobile_phone_number: '+44 07972 444 876' };

describe('Idempotency-Key', () => {
  let gateway: TestGateway;
  let user: TestUser;
  let created: () => number;

  before(async () => {
    const counting = countingAdapter();
    created = counting.created;
    gateway = await startTestGateway({ adapter: counting.adapter });
    user = await gateway.user([['CanCreateCustomer', demoBank]]);
  });
  after(() => gateway.close());

  const post = (key: string, payload: object = body, who: TestUser = user) =>
    gateway.http().post(url).set(who.auth).set('Idempotency-Key', key).send(payload);

  it('replays the stored response for the same key and body, without a second execution', async () => {
    const key = randomUUID();
    const before = created();
    const first = await post(key).expect(201);
    const second = await post(key).expect(201);
    expect(second.body).to.deep.equal(first.body);
    expect(second.headers['idempotency-replayed']).to.equal('true');
    expect(first.headers['idempotency-replayed']).to.equal(undefined);
    expect(created() - before).to.equal(1);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const first = await post(key, { legal_name: 'A', mobile_phone_number: '1' }).expect(201);
    const second = await post(key, { mobile_phone_number: '1', legal_name: 'A' }).expect(201);
    expect(second.body).to.deep.equal(first.body);
  });

  it('refuses the same key with a different body: 422 OBP-20255', async () => {
    const key = randomUUID();
    await post(key).expect(201);
    const res = await post(key, { ...body, legal_name: 'Someone Else' }).expect(422);
    expect(bodyOf<ObpErrorBody>(res).message).to.match(/^OBP-20255: /);
  });

  it('answers concurrent requests with one key once: the others wait their turn (409) or get the replay', async () => {
    const key = randomUUID();
    const before = created();
    const results = await Promise.all(Array.from({ length: 8 }, () => post(key)));
    expect(created() - before).to.equal(1);
    for (const res of results) expect(res.status).to.be.oneOf([201, 409]);
    const conflicts = results.filter((r) => r.status === 409);
    for (const res of conflicts) {
      expect(bodyOf<ObpErrorBody>(res).message).to.match(/^OBP-20255: /);
      expect(res.headers['retry-after']).to.equal('1');
    }
    expect((await post(key)).status).to.equal(201);
    expect(created() - before).to.equal(1);
  });

  it('scopes keys to the consumer: another consumer with the same key runs its own request', async () => {
    const key = randomUUID();
    const { key: otherKey } = await gateway.authServices.consumers.createConsumer({
      name: 'other-app',
    });
    const other = await gateway.user([['CanCreateCustomer', demoBank]]);
    const { token } = await gateway.authServices.auth.login({
      directlogin: `username=${other.username}, password=Str0ng!Passw0rd, consumer_key=${otherKey}`,
    });
    const before = created();
    const mine = await post(key).expect(201);
    const theirs = await post(key, body, {
      ...other,
      auth: { DirectLogin: `token=${token}` },
    }).expect(201);
    expect(bodyOf<{ customer_id: string }>(theirs).customer_id).to.not.equal(
      bodyOf<{ customer_id: string }>(mine).customer_id,
    );
    expect(created() - before).to.equal(2);
  });

  it('scopes keys to the user: another user of the same consumer never gets the stored response', async () => {
    const key = randomUUID();
    const before = created();
    const mine = await post(key).expect(201);
    // Without the role, the stored 201 is not replayed to them: their own request is refused.
    const roleless = await gateway.user();
    const refused = await post(key, body, roleless).expect(403);
    expect(refused.headers['idempotency-replayed']).to.equal(undefined);
    // With it, they run a request of their own: no replay, and no message-id shared with mine
    // (the adapter would otherwise answer it from its store without executing it).
    const colleague = await gateway.user([['CanCreateCustomer', demoBank]]);
    const theirs = await post(key, body, colleague).expect(201);
    expect(theirs.headers['idempotency-replayed']).to.equal(undefined);
    expect(bodyOf<{ customer_id: string }>(theirs).customer_id).to.not.equal(
      bodyOf<{ customer_id: string }>(mine).customer_id,
    );
    expect(created() - before).to.equal(2);
    // Each user's own retry is still a replay.
    expect((await post(key, body, colleague).expect(201)).headers['idempotency-replayed']).to.equal(
      'true',
    );
  });

  it('does not remember a refused request: after fixing the roles, the same key runs', async () => {
    const key = randomUUID();
    const roleless = await gateway.user();
    await post(key, body, roleless).expect(403);
    await gateway.authServices.entitlements.grant(roleless.userId, 'CanCreateCustomer', demoBank);
    await post(key, body, roleless).expect(201);
  });

  it('answers only once the outcome is stored: a retry sent on receiving it never gets 409', async () => {
    // A slow store: recording an outcome takes 100 ms.
    const repository = gateway.services.idempotency?.repository;
    if (!repository) throw new Error('the test gateway has no idempotency store');
    const complete = repository.complete.bind(repository);
    const release = repository.release.bind(repository);
    const slow =
      <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
      async (...args: A) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return fn(...args);
      };
    repository.complete = slow(complete);
    repository.release = slow(release);
    try {
      const key = randomUUID();
      const first = await post(key).expect(201);
      const again = await post(key).expect(201);
      expect(again.headers['idempotency-replayed']).to.equal('true');
      expect(again.body).to.deep.equal(first.body);

      const refusedKey = randomUUID();
      const roleless = await gateway.user();
      await post(refusedKey, body, roleless).expect(403);
      await gateway.authServices.entitlements.grant(roleless.userId, 'CanCreateCustomer', demoBank);
      await post(refusedKey, body, roleless).expect(201);
    } finally {
      repository.complete = complete;
      repository.release = release;
    }
  });

  it('requires the key to be a UUID: 400 OBP-20253', async () => {
    const res = await post('not-a-uuid').expect(400);
    expect(bodyOf<ObpErrorBody>(res).message).to.match(/^OBP-20253: /);
  });

  it('is ignored on GET', async () => {
    await gateway
      .http()
      .get(`/obp/v5.1.0/banks/${demoBank}`)
      .set('Idempotency-Key', 'anything')
      .expect(200);
  });
});

describe('Idempotency-Key after a failure', () => {
  let gateway: TestGateway;
  let user: TestUser;
  /** createCustomer executions, and whether the next one outlives the gateway's deadline. */
  const backend = { executed: 0, finished: 0, slowNext: false };

  before(async () => {
    const inner = createMemoryAdapter();
    const create = inner.handlers.createCustomer;
    const adapter: Adapter = {
      ...inner,
      handlers: {
        ...inner.handlers,
        createCustomer: async (args, ctx: HandlerContext) => {
          backend.executed++;
          if (backend.slowNext) {
            backend.slowNext = false;
            await new Promise((resolve) => setTimeout(resolve, 600));
          }
          if (!create) throw new Error('memory adapter lost createCustomer');
          const created = await create(args, ctx);
          backend.finished++;
          return created;
        },
      },
    };
    // Writes time out after 300 ms: the slow one is answered 504, which frees its key, and the
    // adapter still finishes it and keeps its reply under its message-id.
    const { connector } = createInProcessConnector(adapter, {
      timeouts: { read: 5_000, write: 300 },
      linkedCustomersTtlMs: 0,
    });
    gateway = await startTestGateway({ connector, idempotency: { inProgressLeaseMs: 500 } });
    user = await gateway.user([['CanCreateCustomer', demoBank]]);
  });
  after(() => gateway.close());

  it('runs the new request, not answered with the reply the backend kept for the old one', async () => {
    const key = randomUUID();
    const post = (payload: object) =>
      gateway.http().post(url).set(user.auth).set('Idempotency-Key', key).send(payload);
    backend.slowNext = true;
    await post({ ...body, legal_name: 'First Request' }).expect(504);
    await until('the backend finished the first request', () => backend.finished === 1, 10_000);
    const second = await post({ ...body, legal_name: 'Second Request' }).expect(201);
    expect(bodyOf<{ legal_name: string }>(second).legal_name).to.equal('Second Request');
    expect(backend.executed).to.equal(2);
  });

  it('frees a key whose outcome could not be stored when its claim lapses; the retry writes nothing twice', async () => {
    const repository = gateway.services.idempotency?.repository;
    if (!repository) throw new Error('the test gateway has no idempotency store');
    const key = randomUUID();
    const post = () =>
      gateway.http().post(url).set(user.auth).set('Idempotency-Key', key).send(body);
    const before = backend.executed;
    const complete = repository.complete.bind(repository);
    repository.complete = () => Promise.reject(new Error('store unavailable'));
    let first;
    try {
      first = await post().expect(201);
    } finally {
      repository.complete = complete;
    }
    // The claim is still there, unanswered: a retry meets 409 until it lapses (500 ms here).
    await post().expect(409);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const retry = await post().expect(201);
    // Run again with the same message-id: the adapter answered from its store.
    expect(bodyOf<{ customer_id: string }>(retry).customer_id).to.equal(
      bodyOf<{ customer_id: string }>(first).customer_id,
    );
    expect(backend.executed - before).to.equal(1);
  });
});
