import { deleteLeftoverTopics, hasLeftoverTopics } from './kafka-connector.js';
import { startKafka } from './kafka.js';

/**
 * Root hooks for every mocha run (loaded through .mocharc.json): at the end, delete the Kafka
 * topics of any test prefix a test did not clean up itself.
 */
export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    if (!hasLeftoverTopics()) return;
    this.timeout(120_000);
    await deleteLeftoverTopics((await startKafka()).brokers);
  },
};
