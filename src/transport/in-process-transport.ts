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
  private readonly deadlines = new Set<Waiter>();
  private sweeper: NodeJS.Timeout | undefined;

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
    if (this.stopping) {
      throw new ObpError('AdapterOrCoreBankingSystemException', {
        detail: ' The gateway is shutting down.',
      });
    }
    const work = this.runtime.handle(request.message);
    this.inFlight.add(work);
    // Unnamed closures only: see Connector.call.
    work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    const outcome = await new Promise<Awaited<typeof work>>((resolve, reject) => {
      const waiter: Waiter = { deadline: request.deadline, request, reject };
      this.deadlines.add(waiter);
      this.sweep();
      work.then(
        (result) => {
          this.deadlines.delete(waiter);
          resolve(result);
        },
        (err: unknown) => {
          this.deadlines.delete(waiter);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
    if (outcome.reply) return outcome.reply;
    throw new ObpError('AdapterUnknownError', {
      detail: outcome.kind === 'dead-letter' ? outcome.reason : '',
    });
  }

  /**
   * Enforces deadlines with one timer for all calls instead of one per call: every 20 ms while
   * calls are pending, those past their deadline fail with OBP-60014.
   */
  private sweep(): void {
    if (this.sweeper || this.deadlines.size === 0) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const waiter of this.deadlines) {
        if (waiter.deadline > now) continue;
        this.deadlines.delete(waiter);
        const { method, message } = waiter.request;
        const context = { method, correlationId: message.headers['correlation-id'] };
        waiter.reject(new ObpError('AdapterTimeout', { context }));
      }
      if (this.deadlines.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, 20);
    this.sweeper.unref();
  }
}

/** A call waiting for its work, failed with OBP-60014 once its deadline passes. */
interface Waiter {
  readonly deadline: number;
  readonly request: OutboundRequest;
  readonly reject: (err: Error) => void;
}
