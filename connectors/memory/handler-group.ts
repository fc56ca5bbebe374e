import type { ArgsOf, DataOf, MethodHandler, MethodName } from '../../src/adapter/index.js';

/** The handlers of one group of connector methods (banks, addresses, …), all of them required. */
export type HandlerGroup<K extends MethodName> = { readonly [M in K]: MethodHandler<M> };

/**
 * Turns a synchronous handler body into a `MethodHandler`. Memory handlers are written without
 * `await` on purpose: a uniqueness check and the insert that follows it then run in one turn of
 * the event loop, so concurrent calls can never both pass the check. A throw becomes a rejection.
 */
export function syncHandler<M extends MethodName>(
  run: (args: ArgsOf<M>) => DataOf<M>,
): MethodHandler<M> {
  return (args) => new Promise((resolve) => resolve(run(args)));
}
