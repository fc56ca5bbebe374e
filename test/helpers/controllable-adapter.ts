import { createMemoryAdapter } from '../../connectors/memory/memory-adapter.js';
import type { Adapter, HandlerContext } from '../../src/adapter/index.js';

/** Knobs a test turns while the adapter serves: added latency, or an unexpected backend fault. */
export interface AdapterControl {
  delayMs: number;
  failing: boolean;
  executions: number;
}

/**
 * The memory adapter behind knobs, to make a backend slow or broken on demand (a test double of
 * a misbehaving core system; the adapter runtime, transport and broker around it are real).
 */
export function controllableAdapter(): { adapter: Adapter; control: AdapterControl } {
  const inner = createMemoryAdapter();
  const control: AdapterControl = { delayMs: 0, failing: false, executions: 0 };
  const handlers: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(inner.handlers)) {
    const run = handler as (args: unknown, ctx: HandlerContext) => Promise<unknown>;
    handlers[method] = async (args: unknown, ctx: HandlerContext) => {
      control.executions++;
      if (control.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.delayMs));
      if (control.failing) throw new Error('core banking system unavailable');
      return run(args, ctx);
    };
  }
  return { adapter: { ...inner, handlers: handlers }, control };
}
