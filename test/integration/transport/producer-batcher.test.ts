import { expect } from 'chai';
import type { Producer } from 'kafkajs';
import { ProducerBatcher } from '../../../src/transport/producer-batcher.js';
import {
  createTopic,
  kafkaClient,
  KAFKA_START_TIMEOUT_MS,
  startKafka,
  uniqueTopic,
  waitForMessages,
} from '../../helpers/kafka.js';

describe('ProducerBatcher (real broker)', function () {
  let brokers: string[];
  let producer: Producer | undefined;
  const existing = uniqueTopic('batcher');

  before(async function () {
    this.timeout(KAFKA_START_TIMEOUT_MS);
    brokers = (await startKafka()).brokers;
    await createTopic(brokers, existing);
    producer = kafkaClient(brokers).producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });
  after(async () => {
    await producer?.disconnect();
    const admin = kafkaClient(brokers).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [existing] }).finally(() => admin.disconnect());
  });

  it('delivers the messages of one turn to a good topic although another topic of the turn does not exist', async () => {
    const batcher = new ProducerBatcher(producer!);
    const missing = uniqueTopic('batcher-missing');
    // Queued in one turn: one produce request, which kafkajs fails as a whole for the missing
    // topic. The good topic's messages must still be delivered and resolve.
    const outcomes = await Promise.all(
      [
        batcher.send(existing, { key: 'a', value: 'first' }),
        batcher.send(missing, { key: 'b', value: 'lost' }),
        batcher.send(existing, { key: 'c', value: 'second' }),
      ].map((sent) =>
        sent.then(
          () => 'sent',
          (err: unknown) => (err instanceof Error ? err.name : String(err)),
        ),
      ),
    );
    expect(outcomes[0]).to.equal('sent');
    expect(outcomes[1]).to.not.equal('sent');
    expect(outcomes[2]).to.equal('sent');
    const delivered = await waitForMessages(brokers, existing, 2);
    expect(delivered.map((m) => m.value?.toString())).to.have.members(['first', 'second']);
  });

  it('rejects every message of a failed batch of one topic', async () => {
    const batcher = new ProducerBatcher(producer!);
    const missing = uniqueTopic('batcher-missing');
    const outcomes = await Promise.allSettled([
      batcher.send(missing, { value: 'one' }),
      batcher.send(missing, { value: 'two' }),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected']);
  });
});
