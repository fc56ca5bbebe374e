import { expect } from 'chai';
import { logConsumerCrash } from '../../../src/transport/kafka-client.js';
import { capturingLogger } from '../../helpers/capturing-logger.js';

describe('logConsumerCrash', () => {
  it('warns while kafkajs restarts the consumer, and logs an error when it gives up', () => {
    const lines: Record<string, unknown>[] = [];
    const log = capturingLogger(lines);
    logConsumerCrash(log, 'reply', { error: new Error('broker gone'), restart: true });
    logConsumerCrash(log, 'requests', { error: new Error('not retriable'), restart: false });
    expect(lines.map((l) => [l.level, l.consumer, l.restart, l.error])).to.deep.equal([
      ['warn', 'reply', true, 'Error: broker gone'],
      ['error', 'requests', false, 'Error: not retriable'],
    ]);
  });
});
