import { createMemoryAdapter } from '../../connectors/memory/memory-adapter.js';
import type {
  Adapter,
  HandlerContext,
  MethodName,
  OutboundAdapterCallContext,
} from '../../src/adapter/index.js';

/** Knobs a test turns while the adapter serves: added latency, or an unexpected backend fault. */
export interface AdapterControl {
  delayMs: number;
  failing: boolean;
  /** Fails this many of the next calls of a method. */
  failNext: Partial<Record<MethodName, number>>;
  executions: number;
  /** Every call handled, in order, with the call context it carried. */
  readonly seen: Array<{ method: MethodName; callContext: OutboundAdapterCallContext }>;
}

/**
 * The memory adapter behind knobs, to make a backend slow or broken on demand (a test double of
 * a misbehaving core system; the adapter runtime, transport and broker around it are real).
 * Methods in `without` are left out, as an adapter that does not implement them.
 */
export function controllableAdapter(options: { without?: readonly MethodName[] } = {}): {
  adapter: Adapter;
  control: AdapterControl;
} {
  const inner = createMemoryAdapter();
  const control: AdapterControl = {
    delayMs: 0,
    failing: false,
    failNext: {},
    executions: 0,
    seen: [],
  };
  const handlers: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(inner.handlers)) {
    const method = name as MethodName;
    if (options.without?.includes(method)) continue;
    const run = handler as (args: unknown, ctx: HandlerContext) => Promise<unknown>;
    handlers[method] = async (args: unknown, ctx: HandlerContext) => {
      control.executions++;
      control.seen.push({ method, callContext: ctx.callContext });
      if (control.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.delayMs));
      const failNext = control.failNext[method] ?? 0;
      if (failNext > 0) control.failNext[method] = failNext - 1;
      if (control.failing || failNext > 0) throw new Error('core banking system unavailable');
      return run(args, ctx);
    };
  }
  return { adapter: { ...inner, handlers: handlers }, control };
}
