import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import type { ProducerBatcher } from './producer-batcher.js';

/** Who writes the dead letters: the dlq-adapter and dlq-instance headers. */
export interface DeadLetterSource {
  readonly topic: string;
  readonly adapterName: string;
  readonly instanceId: string;
}

/**
 * Writes messages an adapter could not process to `<prefix>.dlq`, with their original key,
 * value and headers (repeated, binary and empty ones as they came) plus the dlq-* headers.
 *
 * A failed write is retried (backoff from 100 ms up to 5 s) until it succeeds or `stopped`
 * is aborted. Giving up at once and committing would lose the message; leaving it uncommitted
 * without retrying would hold its partition's commits until the next rebalance, however soon the
 * queue could be written again. Retrying holds them only while the queue cannot be written; on
 * stop, the caller leaves the message uncommitted and it is redelivered to the next owner.
 */
export class DeadLetterWriter {
  constructor(
    private readonly batcher: () => ProducerBatcher | undefined,
    private readonly source: DeadLetterSource,
    private readonly log: Logger,
    private readonly stopped: AbortSignal,
  ) {}

  /** Resolves true once written, false if stop came first (the message must stay uncommitted). */
  async write(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ): Promise<boolean> {
    const where = { topic, partition, offset: message.offset };
    this.log.warn('message sent to the dead-letter queue', { ...where, reason });
    const letter = {
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        'dlq-reason': reason.slice(0, 1000),
        'dlq-source-topic': topic,
        'dlq-source-partition': String(partition),
        'dlq-source-offset': message.offset,
        'dlq-adapter': this.source.adapterName,
        'dlq-instance': this.source.instanceId,
        'dlq-at': new Date().toISOString(),
      },
    };
    for (let waitMs = 100; ; waitMs = Math.min(waitMs * 2, 5_000)) {
      try {
        await this.batcher()?.send(this.source.topic, letter);
        return true;
      } catch (err) {
        if (this.stopped.aborted) {
          this.log.warn('dead letter not written before stop; it will be redelivered', {
            ...where,
            error: String(err),
          });
          return false;
        }
        this.log.warn('could not write a dead letter; retrying', {
          ...where,
          retryInMs: waitMs,
          error: String(err),
        });
        await sleep(waitMs, undefined, { signal: this.stopped }).catch(() => undefined);
      }
    }
  }
}
