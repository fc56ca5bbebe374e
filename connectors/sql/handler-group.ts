import type { MethodHandler, MethodName } from '../../src/adapter/index.js';

/** The handlers of one group of connector methods (banks, addresses, …), all of them required. */
export type HandlerGroup<K extends MethodName> = { readonly [M in K]: MethodHandler<M> };
