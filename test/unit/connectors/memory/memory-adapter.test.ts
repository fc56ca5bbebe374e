import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  AdapterError,
  type Adapter,
  type ArgsOf,
  type DataOf,
  type HandlerContext,
  type MethodName,
} from '../../../../src/adapter/index.js';
import { methodNames } from '../../../../src/connector/method-registry.js';
import { createMemoryAdapter } from '../../../../connectors/memory/memory-adapter.js';
import { customerArgs, demoBankId } from '../../../contract/contract-fixture.js';

const context: HandlerContext = {
  callContext: {
    correlationId: 'memory-adapter-test',
    sessionId: null,
    consumerId: null,
    generalContext: [],
    outboundAdapterAuthInfo: null,
  },
  messageId: 'memory-adapter-test',
  deadline: Number.MAX_SAFE_INTEGER,
  signal: new AbortController().signal,
};

/** Calls a handler directly, without the runtime, to see the very objects it returns. */
function call<M extends MethodName>(
  adapter: Adapter,
  method: M,
  args: ArgsOf<M>,
): Promise<DataOf<M>> {
  const handler = adapter.handlers[method];
  if (!handler) throw new Error(`memory adapter lacks ${method}`);
  return handler(args, context);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return undefined;
}

/** A clock that stands still until moved. */
function fixedClock(start: string): { now: () => Date; set(iso: string): void } {
  let current = new Date(start);
  return {
    now: () => current,
    set: (iso) => {
      current = new Date(iso);
    },
  };
}

describe('createMemoryAdapter', () => {
  it('is named memory and implements every method of the registry', () => {
    const adapter = createMemoryAdapter();
    expect(adapter.name).to.equal('memory');
    expect(adapter.version).to.equal('0.1.0');
    expect(Object.keys(adapter.handlers)).to.have.members(methodNames);
  });

  it('seeds the demo bank and its CRM events, but no customers', async () => {
    const adapter = createMemoryAdapter();
    const banks = await call(adapter, 'getBanks', {});
    expect(banks.map((bank) => bank.bankId)).to.deep.equal([demoBankId]);
    expect(banks[0]?.bankRoutings[0]?.scheme).to.equal('BIC');
    const events = await call(adapter, 'getCrmEvents', { bankId: demoBankId });
    expect(events).to.have.length.of.at.least(2);
    const customers = await call(adapter, 'getCustomers', {
      bankId: null,
      limit: 100,
      offset: 0,
      fromDate: null,
      toDate: null,
      sortDirection: 'ASC',
      attributeFilters: [],
    });
    expect(customers).to.deep.equal([]);
  });

  it('starts empty with seed: false', async () => {
    const adapter = createMemoryAdapter({ seed: false });
    expect(await call(adapter, 'getBanks', {})).to.deep.equal([]);
    expect(await call(adapter, 'getCrmEvents', { bankId: demoBankId })).to.deep.equal([]);
    const failure = await failureOf(call(adapter, 'getBank', { bankId: demoBankId }));
    expect(failure).to.be.instanceOf(AdapterError).with.property('errorName', 'BankNotFound');
  });

  it('stamps records with its clock and reports when it was created', async () => {
    const clock = fixedClock('2024-05-01T12:00:00.000Z');
    const adapter = createMemoryAdapter({ now: clock.now });
    clock.set('2024-05-02T08:30:00.000Z');
    const customer = await call(adapter, 'createCustomer', customerArgs());
    expect(customer.createdAt.toISOString()).to.equal('2024-05-02T08:30:00.000Z');
    const info = await call(adapter, 'getAdapterInfo', {});
    expect(info.date.toISOString()).to.equal('2024-05-01T12:00:00.000Z');
    expect(info.methods).to.have.length(methodNames.length);
  });

  it('orders customers created at one instant by customerId in getCustomers', async () => {
    const adapter = createMemoryAdapter({ now: fixedClock('2024-01-01T00:00:00Z').now });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await call(adapter, 'createCustomer', customerArgs())).customerId);
    const page = async (sortDirection: 'ASC' | 'DESC', offset: number): Promise<string[]> =>
      (
        await call(adapter, 'getCustomers', {
          bankId: demoBankId,
          limit: 2,
          offset,
          fromDate: null,
          toDate: null,
          sortDirection,
          attributeFilters: [],
        })
      ).map((customer) => customer.customerId);
    const sorted = [...ids].sort();
    expect([
      ...(await page('ASC', 0)),
      ...(await page('ASC', 2)),
      ...(await page('ASC', 4)),
    ]).to.deep.equal(sorted);
    expect(await page('DESC', 0)).to.deep.equal(sorted.reverse().slice(0, 2));
  });

  it('never hands out its stored objects', async () => {
    const adapter = createMemoryAdapter();
    const args = customerArgs();
    const created = await call(adapter, 'createCustomer', args);
    args.faceImage.url = 'changed by the caller';
    created.legalName = 'changed by the caller';
    created.dobOfDependents.push(new Date(0));
    const read = await call(adapter, 'getCustomerByCustomerId', { customerId: created.customerId });
    expect(read.legalName).to.equal('Eveline Tripman');
    expect(read.faceImage.url).to.not.equal('changed by the caller');
    expect(read.dobOfDependents).to.have.length(1);
    read.creditLimit = null;
    const again = await call(adapter, 'getCustomerByCustomerId', {
      customerId: created.customerId,
    });
    expect(again.creditLimit).to.deep.equal({ currency: 'EUR', amount: '10.12' });

    const bank = await call(adapter, 'getBank', { bankId: demoBankId });
    bank.bankRoutings.length = 0;
    expect((await call(adapter, 'getBank', { bankId: demoBankId })).bankRoutings).to.have.length(1);
  });

  it('lets only one of many concurrent creations with one number through', async () => {
    const adapter = createMemoryAdapter();
    const customerNumber = '424242';
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        call(adapter, 'createCustomer', customerArgs({ customerNumber })),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason)
          .to.be.instanceOf(AdapterError)
          .with.property('errorName', 'CustomerNumberAlreadyExists');
      }
    }
  });

  it('keeps attribute names unique when an update renames onto another name', async () => {
    const adapter = createMemoryAdapter();
    const { customerId } = await call(adapter, 'createCustomer', customerArgs());
    const write = (name: string, customerAttributeId: string | null = null) =>
      call(adapter, 'createOrUpdateCustomerAttribute', {
        bankId: demoBankId,
        customerId,
        customerAttributeId,
        name,
        attributeType: 'STRING',
        value: name,
      });
    await write('A');
    const b = await write('B');
    await write('A', b.customerAttributeId);
    const attributes = await call(adapter, 'getCustomerAttributes', {
      bankId: demoBankId,
      customerId,
    });
    expect(attributes.map((a) => [a.customerAttributeId, a.name])).to.deep.equal([
      [b.customerAttributeId, 'A'],
    ]);
  });

  it('reports failures with operator text that names no customer', async () => {
    const adapter = createMemoryAdapter();
    const customerId = randomUUID();
    const failure = await failureOf(call(adapter, 'getCustomerByCustomerId', { customerId }));
    expect(failure)
      .to.be.instanceOf(AdapterError)
      .with.property('errorName', 'CustomerNotFoundByCustomerId');
    expect((failure as AdapterError).message).to.not.include(customerId);
  });
});
