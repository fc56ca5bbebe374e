import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { bodyOf } from '../helpers/http-body.js';
import { runSouthgate, startServe } from '../helpers/southgate-process.js';

const bootstrap = {
  BOOTSTRAP_ADMIN_USERNAME: 'ops.admin',
  BOOTSTRAP_ADMIN_PASSWORD: 'Bootstr4p!Secret',
  BOOTSTRAP_CONSUMER_KEY: 'bootstrapconsumerkey0123456789',
};

interface CurrentUser {
  user_id: string;
  entitlements: { list: { entitlement_id: string; role_name: string; bank_id: string }[] };
}

function login(base: string, username: string, password: string, key: string): request.Test {
  return request(base)
    .post('/my/logins/direct')
    .set('DirectLogin', `username=${username}, password=${password}, consumer_key=${key}`);
}

/** Logs in (expecting 201) and returns the DirectLogin header to use. */
async function authFor(
  base: string,
  username: string,
  password: string,
  key: string,
): Promise<Record<string, string>> {
  const { token } = bodyOf<{ token: string }>(
    await login(base, username, password, key).expect(201),
  );
  return { DirectLogin: `token=${token}` };
}

async function currentUser(base: string, auth: Record<string, string>): Promise<CurrentUser> {
  return bodyOf<CurrentUser>(
    await request(base).get('/obp/v5.1.0/users/current').set(auth).expect(200),
  );
}

const adminAuth = (base: string) =>
  authFor(
    base,
    bootstrap.BOOTSTRAP_ADMIN_USERNAME,
    bootstrap.BOOTSTRAP_ADMIN_PASSWORD,
    bootstrap.BOOTSTRAP_CONSUMER_KEY,
  );

/** `southgate serve` as `npm start` runs it: embedded PGlite under DATA_DIR, the sql backend. */
describe('southgate serve (embedded defaults)', function () {
  this.timeout(120_000);
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'southgate-serve-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the BOOTSTRAP_* super admin and consumer, and keeps users, roles and customers across a restart', async () => {
    const first = await startServe({ DATA_DIR: dataDir, ...bootstrap });
    let userId: string;
    let created: { customer_id: string; customer_number: string };
    try {
      const auth = await adminAuth(first.baseUrl);
      userId = (await currentUser(first.baseUrl, auth)).user_id;
      for (const role of ['CanGetCustomer', 'CanCreateCustomer']) {
        await request(first.baseUrl)
          .post(`/obp/v5.1.0/users/${userId}/entitlements`)
          .set(auth)
          .send({ bank_id: 'gh.29.uk', role_name: role })
          .expect(201);
      }
      created = bodyOf<{ customer_id: string; customer_number: string }>(
        await request(first.baseUrl)
          .post('/obp/v5.1.0/banks/gh.29.uk/customers')
          .set(auth)
          .send({ legal_name: 'Eveline Tripman', mobile_phone_number: '+44 07972 444 876' })
          .expect(201),
      );
      await request(first.baseUrl)
        .post('/obp/v5.1.0/users')
        .send({
          email: 'felix@example.com',
          username: 'felixsmith',
          password: 'Felix!Passw0rd',
          first_name: 'Felix',
          last_name: 'Smith',
        })
        .expect(201);
      expect(first.stdout()).not.to.contain('consumer key:');
    } finally {
      expect(await first.stop()).to.equal(0);
    }

    const second = await startServe({ DATA_DIR: dataDir, ...bootstrap });
    try {
      await login(
        second.baseUrl,
        'felixsmith',
        'Felix!Passw0rd',
        bootstrap.BOOTSTRAP_CONSUMER_KEY,
      ).expect(201);
      const auth = await adminAuth(second.baseUrl);
      const me = await currentUser(second.baseUrl, auth);
      expect(me.user_id).to.equal(userId);
      expect(me.entitlements.list.map((e) => e.role_name)).to.include('CanGetCustomer');
      // The default backend (sql on embedded PGlite) kept the customer too.
      const customer = await request(second.baseUrl)
        .get(`/obp/v5.1.0/banks/gh.29.uk/customers/${created.customer_id}`)
        .set(auth)
        .expect(200);
      expect(bodyOf<{ customer_number: string }>(customer).customer_number).to.equal(
        created.customer_number,
      );
    } finally {
      expect(await second.stop()).to.equal(0);
    }
  });

  it('without BOOTSTRAP_* settings creates a demo admin once and prints how to log in', async () => {
    const first = await startServe({ DATA_DIR: dataDir });
    try {
      const printed = first.stdout();
      const username = /username:\s+(\S+)/.exec(printed)?.[1] ?? '';
      const password = /password:\s+(\S+)/.exec(printed)?.[1] ?? '';
      const key = /consumer key:\s+(\S+)/.exec(printed)?.[1] ?? '';
      expect(username).to.equal('admin');
      expect(printed).to.contain('/my/logins/direct');
      // Printed before the listening line, so whoever waits for that line has them.
      expect(printed.indexOf('consumer key:')).to.be.lessThan(
        printed.indexOf('"Southgate listening"'),
      );
      await login(first.baseUrl, username, password, key).expect(201);
    } finally {
      expect(await first.stop()).to.equal(0);
    }
    const second = await startServe({ DATA_DIR: dataDir });
    try {
      expect(second.stdout()).not.to.contain('consumer key:');
    } finally {
      await second.stop();
    }
  });

  it('stops with one clear message on invalid configuration', async () => {
    const result = await runSouthgate(['serve'], {
      DATA_DIR: dataDir,
      PORT: 'eighty',
      TRANSPORT: 'carrier-pigeon',
      BOOTSTRAP_ADMIN_USERNAME: 'only-one',
    });
    expect(result.code).to.equal(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^southgate: Invalid configuration: /);
    for (const name of ['PORT', 'TRANSPORT', 'BOOTSTRAP_ADMIN_USERNAME'])
      expect(lines[0]).to.contain(name);
  });

  it('lets operators create users and consumers and grant roles from the CLI', async () => {
    const env = { DATA_DIR: dataDir };
    const consumer = await runSouthgate(['consumers', 'create', '--name', 'teller-app'], env);
    expect(consumer.code, consumer.stderr).to.equal(0);
    const key = (JSON.parse(consumer.stdout) as { key: string }).key;
    const user = await runSouthgate(
      [
        'users',
        'create',
        '--username',
        'teller',
        '--password',
        'Teller!Passw0rd',
        '--email',
        'teller@example.com',
      ],
      env,
    );
    expect(user.code, user.stderr).to.equal(0);
    const grant = await runSouthgate(
      [
        'entitlements',
        'grant',
        '--username',
        'teller',
        '--role',
        'CanGetCustomer',
        '--bank-id',
        'gh.29.uk',
      ],
      env,
    );
    expect(grant.code, grant.stderr).to.equal(0);
    const badRole = await runSouthgate(
      ['entitlements', 'grant', '--username', 'teller', '--role', 'CanFly'],
      env,
    );
    expect(badRole.code).to.equal(1);
    expect(badRole.stderr).to.contain('OBP-10007');

    const served = await startServe(env);
    try {
      const me = await currentUser(
        served.baseUrl,
        await authFor(served.baseUrl, 'teller', 'Teller!Passw0rd', key),
      );
      expect(me.entitlements.list.map((e) => [e.role_name, e.bank_id])).to.deep.equal([
        ['CanGetCustomer', 'gh.29.uk'],
      ]);
    } finally {
      await served.stop();
    }
  });
});
