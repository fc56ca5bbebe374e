import { expect } from 'chai';
import { demoBankId, type MethodName } from '../../../src/adapter/index.js';
import type { CallContext } from '../../../src/connector/call-context.js';
import type { Connector } from '../../../src/connector/connector.js';
import { customerArgs, noGeneralChange } from '../../contract/contract-fixture.js';
import { controllableAdapter } from '../../helpers/controllable-adapter.js';
import { createInProcessConnector, testCallContext } from '../../helpers/in-process-connector.js';

const userId = 'test-user-id';

/** A connector filling linked customers, over the memory adapter that records what it sees. */
function recordingSetup(
  options: {
    ttlMs?: number;
    without?: MethodName[];
    onLinkedCustomersChanged?: () => Promise<void>;
  } = {},
) {
  const { adapter, control } = controllableAdapter(options);
  const clock = { skewMs: 0 };
  const { connector } = createInProcessConnector(adapter, {
    linkedCustomersTtlMs: options.ttlMs ?? 60_000,
    ...(options.onLinkedCustomersChanged && {
      onLinkedCustomersChanged: options.onLinkedCustomersChanged,
    }),
    // The runtime checks deadlines against the real clock, so the test clock only runs ahead.
    now: () => Date.now() + clock.skewMs,
  });
  const lookups = () => control.seen.filter((s) => s.method === 'getCustomersByUserId').length;
  const linkedIn = (method: MethodName) =>
    control.seen
      .filter((s) => s.method === method)
      .map((s) => s.callContext.outboundAdapterAuthInfo);
  return { connector, control, clock, lookups, linkedIn };
}

/** Links the test user to `customerId`. */
function link(connector: Connector, customerId: string, ctx: CallContext) {
  return connector.call(
    'createUserCustomerLink',
    { bankId: demoBankId, userId, customerId, dateInserted: new Date(), isActive: true },
    ctx,
  );
}

async function linkedCustomer(connector: Connector, ctx: CallContext) {
  const customer = await connector.call('createCustomer', customerArgs(), ctx);
  await link(connector, customer.customerId, ctx);
  return customer;
}

describe('linkedCustomers in the outbound call context', () => {
  it("carries the logged-in user's linked customers: id, number and legal name", async () => {
    const { connector, linkedIn } = recordingSetup();
    const customer = await linkedCustomer(connector, testCallContext());

    await connector.call('getBank', { bankId: demoBankId }, testCallContext());

    const [authInfo] = linkedIn('getBank');
    expect(authInfo?.userId).to.equal(userId);
    expect(authInfo?.linkedCustomers.map((c) => ({ ...c }))).to.deep.equal([
      {
        customerId: customer.customerId,
        customerNumber: customer.number,
        legalName: customer.legalName,
      },
    ]);
    expect(authInfo?.userAuthContext).to.deep.equal([]);
  });

  it('looks the list up once per request and reuses it for the TTL, then asks again', async () => {
    const { connector, clock, lookups } = recordingSetup({ ttlMs: 10_000 });
    const request = testCallContext();
    await connector.call('getBank', { bankId: demoBankId }, request);
    await connector.call('getBanks', {}, request);
    expect(lookups()).to.equal(1);

    clock.skewMs += 9_000;
    await connector.call('getBank', { bankId: demoBankId }, testCallContext());
    expect(lookups()).to.equal(1);

    clock.skewMs += 1_100;
    await connector.call('getBank', { bankId: demoBankId }, testCallContext());
    expect(lookups()).to.equal(2);
  });

  it('shares one lookup among concurrent requests of one user', async () => {
    const { connector, lookups } = recordingSetup();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        connector.call('getBank', { bankId: demoBankId }, testCallContext()),
      ),
    );
    expect(lookups()).to.equal(1);
  });

  it('with TTL 0 still looks up once per request, and again for the next one', async () => {
    const { connector, lookups } = recordingSetup({ ttlMs: 0 });
    const request = testCallContext();
    await connector.call('getBank', { bankId: demoBankId }, request);
    await connector.call('getBanks', {}, request);
    expect(lookups()).to.equal(1);
    await connector.call('getBank', { bankId: demoBankId }, testCallContext());
    expect(lookups()).to.equal(2);
  });

  it('drops remembered lists after a link is created, deleted or a customer renamed', async () => {
    const { connector, linkedIn } = recordingSetup();
    const last = () => linkedIn('getBank').at(-1)?.linkedCustomers ?? [];
    const getBank = () => connector.call('getBank', { bankId: demoBankId }, testCallContext());

    await getBank();
    expect(last()).to.deep.equal([]);

    const customer = await linkedCustomer(connector, testCallContext());
    await getBank();
    expect(last().map((c) => c.customerId)).to.deep.equal([customer.customerId]);

    await connector.call(
      'updateCustomerGeneralData',
      { ...noGeneralChange, customerId: customer.customerId, legalName: 'Eveline Tripman-Smith' },
      testCallContext(),
    );
    await getBank();
    expect(last().map((c) => c.legalName)).to.deep.equal(['Eveline Tripman-Smith']);

    const [link] = await connector.call(
      'getUserCustomerLinksByUserId',
      { userId },
      testCallContext(),
    );
    await connector.call(
      'deleteUserCustomerLink',
      { bankId: demoBankId, userCustomerLinkId: link?.userCustomerLinkId ?? '' },
      testCallContext(),
    );
    await getBank();
    expect(last()).to.deep.equal([]);
  });

  it('tells onLinkedCustomersChanged of a link change before the call returns', async () => {
    let told = 0;
    let release: () => void = () => undefined;
    let called: () => void = () => undefined;
    const toldOfLink = new Promise<void>((resolve) => (called = resolve));
    const { connector, linkedIn } = recordingSetup({
      onLinkedCustomersChanged: () => {
        told++;
        called();
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const last = () => linkedIn('getBank').at(-1)?.linkedCustomers ?? [];
    const getBank = () => connector.call('getBank', { bankId: demoBankId }, testCallContext());
    await getBank();
    expect(told).to.equal(0);

    const customer = await connector.call('createCustomer', customerArgs(), testCallContext());
    let linked = false;
    const linking = link(connector, customer.customerId, testCallContext()).then(
      () => (linked = true),
    );
    await toldOfLink;
    // A turn of the event loop would let a call that does not wait for the hook finish.
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).to.equal(1);
    expect(linked, 'the call waits for onLinkedCustomersChanged').to.equal(false);
    release();
    await linking;

    await getBank();
    expect(last().map((c) => c.customerId)).to.deep.equal([customer.customerId]);
  });

  it('looks the lists up again after forgetLinkedCustomers (another worker changed one)', async () => {
    const { connector, lookups } = recordingSetup();
    const getBank = () => connector.call('getBank', { bankId: demoBankId }, testCallContext());
    await getBank();
    await getBank();
    expect(lookups()).to.equal(1);
    connector.forgetLinkedCustomers();
    await getBank();
    expect(lookups()).to.equal(2);
  });

  it('sends no auth info and looks nothing up for an anonymous call', async () => {
    const { connector, linkedIn, lookups } = recordingSetup();
    await connector.call('getBank', { bankId: demoBankId }, testCallContext({ user: null }));
    expect(linkedIn('getBank')).to.deep.equal([null]);
    expect(lookups()).to.equal(0);
  });

  it('sends the lookup itself with an empty list', async () => {
    const { connector, linkedIn } = recordingSetup();
    await linkedCustomer(connector, testCallContext());
    await connector.call('getBank', { bankId: demoBankId }, testCallContext());
    expect(linkedIn('getCustomersByUserId').map((a) => a?.linkedCustomers)).to.deep.equal([[], []]);
  });

  it('fails the call when the lookup fails, and does not remember the failure', async () => {
    const { connector, control, lookups, linkedIn } = recordingSetup();
    control.failNext.getCustomersByUserId = 1;
    const failed = await connector.call('getBank', { bankId: demoBankId }, testCallContext()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).to.have.property('code', 'OBP-50013');
    expect(linkedIn('getBank')).to.have.length(0);

    await connector.call('getBank', { bankId: demoBankId }, testCallContext());
    expect(lookups()).to.equal(2);
    expect(linkedIn('getBank')).to.have.length(1);
  });

  it('sends empty lists when no adapter implements getCustomersByUserId', async () => {
    const { connector, linkedIn } = recordingSetup({ without: ['getCustomersByUserId'] });
    await connector.call('getBank', { bankId: demoBankId }, testCallContext());
    expect(linkedIn('getBank').map((a) => a?.linkedCustomers)).to.deep.equal([[]]);
  });
});
