import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { SqlAdapter } from '../../../connectors/sql/sql-adapter.js';
import type { ArgsOf, HandlerContext, StoredReply } from '../../../src/adapter/index.js';
import { customerArgs, uniqueToken } from '../../contract/contract-fixture.js';
import { expectObpError } from '../../contract/expect-obp-error.js';
import { createInProcessConnector, testCallContext } from '../../helpers/in-process-connector.js';
import { adapterDrivers, type AdapterDatabase } from './sql-adapter-databases.js';

const context: HandlerContext = {
  callContext: {
    correlationId: 'sql-idempotency-test',
    sessionId: null,
    consumerId: null,
    generalContext: [],
    outboundAdapterAuthInfo: null,
  },
  messageId: 'sql-idempotency-test',
  deadline: Number.MAX_SAFE_INTEGER,
  signal: new AbortController().signal,
};

function bankArgs(): ArgsOf<'createOrUpdateBank'> {
  return {
    bankId: `idem-${uniqueToken()}`,
    shortName: 'Idempotency Bank',
    fullName: 'Idempotency Bank plc',
    logoUrl: '',
    websiteUrl: '',
    bankRoutings: [],
  };
}

/** Write `messageId` as the runtime runs it: creates a bank, then reports the given outcome. */
function bankWrite(
  adapter: SqlAdapter,
  messageId: string,
  args: ArgsOf<'createOrUpdateBank'>,
  outcome: Omit<StoredReply, 'value'>,
  runs: { count: number },
): () => Promise<StoredReply> {
  return async () => {
    runs.count++;
    const createBank = adapter.handlers.createOrUpdateBank;
    if (!createBank) throw new Error('the sql adapter lacks createOrUpdateBank');
    // The handler context carries the message-id, as the runtime's does: the store runs that
    // message's handler on its transaction.
    await createBank(args, { ...context, messageId });
    return { ...outcome, value: Buffer.from(`reply ${runs.count}`) };
  };
}

async function bankExists(adapter: SqlAdapter, bankId: string): Promise<boolean> {
  const rows = await adapter.client.query('SELECT 1 AS found FROM banks WHERE bank_id = $1', [
    bankId,
  ]);
  return rows.length > 0;
}

for (const driver of adapterDrivers) {
  describe(`sql adapter idempotency store (${driver.name})`, () => {
    // One adapter for the file (PGlite takes a while to start), on a clock tests can move.
    let db: AdapterDatabase;
    let adapter: SqlAdapter;
    let clockOffsetMs = 0;
    const open = (): Promise<SqlAdapter> =>
      db.adapter({ now: () => new Date(Date.now() + clockOffsetMs), replyTtlMs: 60_000 });

    before(async () => {
      db = await driver.create();
      adapter = await open();
    });
    after(async () => {
      await adapter?.close();
      await db?.destroy();
    });

    it('answers a write replayed after a restart with the stored reply, executing nothing', async () => {
      const args = customerArgs({ customerNumber: null, mobileNumber: `+1 ${uniqueToken()}` });
      const messageId = randomUUID();
      const first = await createInProcessConnector(adapter).connector.call(
        'createCustomer',
        args,
        testCallContext(),
        { messageId },
      );
      await adapter.close();

      adapter = await open();
      const { connector, runtime } = createInProcessConnector(adapter);
      const again = await connector.call('createCustomer', args, testCallContext(), { messageId });
      expect(structuredClone(again)).to.deep.equal(structuredClone(first));
      expect(runtime.stats).to.include({ executed: 0, deduplicated: 1 });
      const found = await connector.call(
        'getCustomersByCustomerPhoneNumber',
        { bankId: args.bankId, phoneNumber: args.mobileNumber },
        testCallContext(),
      );
      expect(found.map((customer) => customer.customerId)).to.deep.equal([first.customerId]);
    });

    it('executes concurrent deliveries of one message-id once', async () => {
      // On PostgreSQL two adapters with their own pools stand for two adapter processes.
      const second = driver.name === 'postgres' ? await open() : undefined;
      try {
        const one = createInProcessConnector(adapter);
        const other = createInProcessConnector(second ?? adapter);
        const sides = [one, other];
        const args = customerArgs({ customerNumber: null, mobileNumber: `+1 ${uniqueToken()}` });
        const messageId = randomUUID();
        const replies = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 === 0 ? one : other).connector.call('createCustomer', args, testCallContext(), {
              messageId,
            }),
          ),
        );
        const ids = new Set(replies.map((customer) => customer.customerId));
        expect(ids.size).to.equal(1);
        const executed = sides.reduce((sum, side) => sum + side.runtime.stats.executed, 0);
        expect(executed).to.equal(1);
        const found = await one.connector.call(
          'getCustomersByCustomerPhoneNumber',
          { bankId: args.bankId, phoneNumber: args.mobileNumber },
          testCallContext(),
        );
        expect(found.map((customer) => customer.customerId)).to.deep.equal([...ids]);
      } finally {
        await second?.close();
      }
    });

    it('answers concurrent deliveries of a failing write with one stored failure reply', async () => {
      // On PostgreSQL two adapters with their own pools stand for two adapter processes.
      const second = driver.name === 'postgres' ? await open() : undefined;
      try {
        const args = bankArgs();
        const messageId = randomUUID();
        const failed = { succeeded: false, final: true };
        const processes = (second === undefined ? [adapter] : [adapter, second]).map((side) => {
          const runs = { count: 0 };
          return { side, runs, write: bankWrite(side, messageId, args, failed, runs) };
        });
        const replies = await Promise.all(
          processes.flatMap(({ side, write }) =>
            Array.from({ length: 12 / processes.length }, () =>
              side.idempotencyStore.once(messageId, write),
            ),
          ),
        );
        const values = new Set(replies.map((reply) => reply.value.toString()));
        expect(values.size).to.equal(1);
        expect(replies.every((reply) => !reply.succeeded && reply.final)).to.equal(true);
        // Each process executes the id at most once, and every failed write is rolled back.
        const runs = processes.map((p) => p.runs.count);
        expect(Math.max(...runs)).to.equal(1);
        expect(await bankExists(adapter, args.bankId)).to.equal(false);
        const again = await adapter.idempotencyStore.once(messageId, () =>
          Promise.reject(new Error('a stored reply must not execute again')),
        );
        expect(again.value.toString()).to.equal([...values].join());
      } finally {
        await second?.close();
      }
    });

    it('commits a successful write together with its reply', async () => {
      const args = bankArgs();
      const runs = { count: 0 };
      const messageId = randomUUID();
      const write = bankWrite(adapter, messageId, args, { succeeded: true, final: true }, runs);
      const first = await adapter.idempotencyStore.once(messageId, write);
      const second = await adapter.idempotencyStore.once(messageId, write);
      expect(runs.count).to.equal(1);
      expect(second).to.deep.equal({ value: first.value, succeeded: true, final: true });
      expect(await bankExists(adapter, args.bankId)).to.equal(true);
    });

    it("rolls back a failed write's changes but remembers its final reply", async () => {
      const args = bankArgs();
      const runs = { count: 0 };
      const messageId = randomUUID();
      const write = bankWrite(adapter, messageId, args, { succeeded: false, final: true }, runs);
      const first = await adapter.idempotencyStore.once(messageId, write);
      expect(await bankExists(adapter, args.bankId)).to.equal(false);
      const second = await adapter.idempotencyStore.once(messageId, write);
      expect(runs.count).to.equal(1);
      expect(second).to.deep.equal({ value: first.value, succeeded: false, final: true });
      expect(await bankExists(adapter, args.bankId)).to.equal(false);
    });

    it('forgets a retriable failure and its changes, so a retry executes again', async () => {
      const args = bankArgs();
      const runs = { count: 0 };
      const messageId = randomUUID();
      const write = bankWrite(adapter, messageId, args, { succeeded: false, final: false }, runs);
      await adapter.idempotencyStore.once(messageId, write);
      await adapter.idempotencyStore.once(messageId, write);
      expect(runs.count).to.equal(2);
      expect(await bankExists(adapter, args.bankId)).to.equal(false);
      const stored = await adapter.client.query(
        'SELECT 1 AS found FROM adapter_replies WHERE message_id = $1',
        [messageId],
      );
      expect(stored).to.deep.equal([]);
    });

    it('rethrows an execute that throws, undoing its writes and remembering nothing', async () => {
      const args = bankArgs();
      const runs = { count: 0 };
      const messageId = randomUUID();
      const write = bankWrite(adapter, messageId, args, { succeeded: true, final: true }, runs);
      const failure = await adapter.idempotencyStore
        .once(messageId, async () => {
          await write();
          throw new Error('runtime bug');
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(failure).to.be.instanceOf(Error).with.property('message', 'runtime bug');
      expect(runs.count).to.equal(1);
      expect(await bankExists(adapter, args.bankId)).to.equal(false);
      await adapter.idempotencyStore.once(messageId, write);
      expect(runs.count).to.equal(2);
      expect(await bankExists(adapter, args.bankId)).to.equal(true);
    });

    it('undoes the partial writes of a handler that fails, through the connector', async () => {
      const { connector, runtime } = createInProcessConnector(adapter);
      const customer = await connector.call('createCustomer', customerArgs(), testCallContext());
      const attribute = {
        bankId: customer.bankId,
        customerId: customer.customerId,
        customerAttributeId: null,
        name: 'TIER',
        attributeType: 'STRING' as const,
        value: 'gold',
      };
      const kept = await connector.call(
        'createOrUpdateCustomerAttribute',
        attribute,
        testCallContext(),
      );
      // Renaming an unknown id onto TIER first deletes the existing TIER, then fails: OBP-30069.
      const messageId = randomUUID();
      const rename = { ...attribute, customerAttributeId: randomUUID(), value: 'silver' };
      await expectObpError(
        connector.call('createOrUpdateCustomerAttribute', rename, testCallContext(), {
          messageId,
        }),
        'OBP-30069',
        400,
      );
      const executed = runtime.stats.executed;
      await expectObpError(
        connector.call('createOrUpdateCustomerAttribute', rename, testCallContext(), {
          messageId,
        }),
        'OBP-30069',
        400,
      );
      expect(runtime.stats.executed).to.equal(executed);
      const attributes = await connector.call(
        'getCustomerAttributes',
        { bankId: customer.bankId, customerId: customer.customerId },
        testCallContext(),
      );
      expect(structuredClone(attributes)).to.deep.equal([structuredClone(kept)]);
    });

    it('replays a reply until it expires, then executes again; sweeps expired replies', async () => {
      const runs = { count: 0 };
      const messageId = randomUUID();
      const write = bankWrite(
        adapter,
        messageId,
        bankArgs(),
        { succeeded: true, final: true },
        runs,
      );
      await adapter.idempotencyStore.once(messageId, write);
      clockOffsetMs += 30_000;
      await adapter.idempotencyStore.once(messageId, write);
      expect(runs.count).to.equal(1);
      clockOffsetMs += 31_000;
      await adapter.idempotencyStore.once(messageId, write);
      expect(runs.count).to.equal(2);

      const other = randomUUID();
      await adapter.idempotencyStore.once(
        other,
        bankWrite(adapter, other, bankArgs(), { succeeded: true, final: true }, runs),
      );
      clockOffsetMs += 61_000;
      expect(await adapter.idempotencyStore.sweep()).to.be.at.least(2);
      const left = await adapter.client.query(
        'SELECT message_id FROM adapter_replies WHERE message_id = ANY($1::text[])',
        [[messageId, other]],
      );
      expect(left).to.deep.equal([]);
    });
  });
}
