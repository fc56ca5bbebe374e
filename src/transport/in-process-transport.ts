import type { MethodName } from '../codec/message-types.js';
import type { WireMessage } from '../codec/wire-message.js';
import type { AdapterRuntime } from '../adapter/adapter-runtime.js';
import type { OutboundRequest, Transport } from '../connector/transport.js';
import { ObpError } from '../errors/obp-error.js';

/**
 * The default transport: hands each encoded request to an adapter runtime in this process. The
 * bytes are the same as over Kafka, so an adapter behaves identically on both transports.
 */
export class InProcessTransport implements Transport {
  readonly name = 'inprocess';
  private readonly implemented: ReadonlySet<string>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly runtime: AdapterRuntime) {
    this.implemented = new Set(runtime.capabilities().map((c) => `${c.method}/${c.version}`));
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
  }

  status(): { ok: boolean; adapter: string } {
    return { ok: !this.stopping, adapter: this.runtime.adapter.name };
  }

  implements(method: MethodName, version: number): boolean {
    return this.implemented.has(`${method}/${version}`);
  }

  async request(request: OutboundRequest): Promise<WireMessage> {
    if (this.stopping)
      throw new ObpError('AdapterOrCoreBankingSystemException', {
        detail: ' The gateway is shutting down.',
      });
    const work = this.runtime.handle(request.message);
    this.inFlight.add(work);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          reject(
            new ObpError('AdapterTimeout', {
              context: {
                method: request.method,
                correlationId: request.message.headers['correlation-id'],
              },
            }),
          );
        },
        Math.max(0, request.deadline - Date.now()),
      );
    });
    try {
      const outcome = await Promise.race([work, timeout]);
      if (outcome.reply) return outcome.reply;
      throw new ObpError('AdapterUnknownError', {
        detail: outcome.kind === 'dead-letter' ? outcome.reason : '',
      });
    } finally {
      clearTimeout(timer);
      const forget = (): boolean => this.inFlight.delete(work);
      work.then(forget, forget);
    }
  }
}
