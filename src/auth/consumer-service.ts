import { randomUUID } from 'node:crypto';
import { ObpError } from '../errors/obp-error.js';
import type { ConsumerRecord } from '../store/consumer-repository.js';
import type { GatewayStore } from '../store/gateway-store.js';
import { generateConsumerKey, hashConsumerKey, isValidConsumerKey } from './consumer-key.js';

/** An API consumer (client application) as other modules see it: never its key. */
export interface Consumer {
  readonly consumerId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
}

/** A consumer just created, with its key in clear: shown once, then unrecoverable. */
export interface CreatedConsumer {
  readonly consumer: Consumer;
  readonly key: string;
}

/**
 * Registers the client applications allowed to log users in (DirectLogin's `consumer_key`).
 * Keys are stored only as SHA-256; used by the admin CLI and bootstrap.
 */
export class ConsumerService {
  constructor(private readonly store: GatewayStore) {}

  /**
   * Creates an enabled consumer. Without `key`, a random 40-character key is generated. Throws
   * ObpError 400 CreateConsumerError for an empty name, a key that is not 1–512 letters and
   * digits, or a key another consumer already has.
   */
  async createConsumer(input: { name: string; key?: string }): Promise<CreatedConsumer> {
    const name = input.name.trim();
    if (name === '') throw new ObpError('CreateConsumerError', { detail: ': the name is empty' });
    const key = input.key ?? generateConsumerKey();
    if (!isValidConsumerKey(key)) {
      throw new ObpError('CreateConsumerError', {
        detail: ': the key must be 1 to 512 letters and digits',
      });
    }
    const consumerId = randomUUID();
    if (!(await this.store.consumers.insert({ consumerId, name, keyHash: hashConsumerKey(key) }))) {
      throw new ObpError('CreateConsumerError', { detail: ': this key is already registered' });
    }
    const created = await this.store.consumers.findById(consumerId);
    if (created === undefined) throw new Error(`Consumer ${consumerId} vanished after insert`);
    return { consumer: toConsumer(created), key };
  }

  /** The consumer holding this key, or undefined. */
  async findByKey(key: string): Promise<Consumer | undefined> {
    const record = await this.store.consumers.findByKeyHash(hashConsumerKey(key));
    return record === undefined ? undefined : toConsumer(record);
  }

  /** Stops the consumer's users from logging in (existing tokens stay valid); false if unknown. */
  disableConsumer(consumerId: string): Promise<boolean> {
    return this.store.consumers.setEnabled(consumerId, false);
  }

  /** Lets a disabled consumer log users in again; false if unknown. */
  enableConsumer(consumerId: string): Promise<boolean> {
    return this.store.consumers.setEnabled(consumerId, true);
  }
}

function toConsumer(record: ConsumerRecord): Consumer {
  const { keyHash: _keyHash, ...consumer } = record;
  return consumer;
}
