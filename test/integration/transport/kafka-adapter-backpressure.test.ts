import { expect } from 'chai';
import { ObpError } from '../../../src/errors/obp-error.js';
import { controllableAdapter } from '../../helpers/controllable-adapter.js';
import { testCallContext } from '../../helpers/in-process-connector.js';
import { startKafkaConnector } from '../../helpers/kafka-connector.js';
import { KAFKA_START_TIMEOUT_MS } from '../../helpers/kafka.js';

describe('KafkaAdapterHost at its in-flight bound (real broker)', function () {
  this.timeout(KAFKA_START_TIMEOUT_MS);

  it('serves a backlog from several partitions at once, however small the bound', async () => {
    // Two messages in hand at most, while both partitions of the topic deliver batches: each
    // batch waits for room, and every waiting batch must be woken as room is freed.
    const { adapter, control } = controllableAdapter();
    control.delayMs = 20;
    const kafka = await startKafkaConnector({ adapter, maxInFlight: 2 });
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          kafka.connector.call('getBank', { bankId: `backlog.${i}` }, testCallContext()).then(
            () => 'answered',
            (err: unknown) => (err instanceof ObpError ? String(err.code) : String(err)),
          ),
        ),
      );
      // Unknown banks: every call is answered by the adapter, none times out.
      expect(new Set(outcomes)).to.deep.equal(new Set(['OBP-30001']));
    } finally {
      await kafka.close();
    }
  });
});
