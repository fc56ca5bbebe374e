import type { Message, Producer, TopicMessages } from 'kafkajs';

interface Queued {
  readonly topic: string;
  readonly message: Message;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Groups the messages sent during one turn of the event loop into a single produce request.
 * Under load many connector calls start at once; one request for all of them costs the broker,
 * kafkajs and the event loop far less than one request each, and adds no waiting.
 *
 * kafkajs fails a whole batch when one of its topics fails (a reply topic deleted with its
 * gateway: no metadata for it), so a failed batch that spans several topics is sent again one
 * topic at a time, and each message settles by its own topic's outcome: one bad topic does not
 * fail the replies to every other gateway. (A topic whose part of the batch had already been
 * written may then get its messages twice; replies and dead letters are absorbed as duplicates.)
 */
export class ProducerBatcher {
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(private readonly producer: Producer) {}

  /** Resolves once the broker has acknowledged the message; rejects with kafkajs's error. */
  send(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const byTopic = new Map<string, Message[]>();
    for (const item of batch) {
      const list = byTopic.get(item.topic);
      if (list) list.push(item.message);
      else byTopic.set(item.topic, [item.message]);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({
      topic,
      messages,
    }));
    this.producer.sendBatch({ topicMessages }).then(
      () => batch.forEach((item) => item.resolve()),
      (err: unknown) => {
        if (topicMessages.length === 1) batch.forEach((item) => item.reject(err));
        else this.sendEachTopic(batch, topicMessages);
      },
    );
  }

  /** The fallback of a failed batch of several topics: one request per topic. */
  private sendEachTopic(batch: readonly Queued[], topicMessages: readonly TopicMessages[]): void {
    for (const single of topicMessages) {
      const items = batch.filter((item) => item.topic === single.topic);
      this.producer.sendBatch({ topicMessages: [single] }).then(
        () => items.forEach((item) => item.resolve()),
        (err: unknown) => items.forEach((item) => item.reject(err)),
      );
    }
  }
}
