import type { Adapter } from '../../src/adapter/index.js';
import { implementedMethods, methodVersions } from '../../src/adapter/index.js';
import type { HandlerGroup } from './handler-group.js';

/**
 * getAdapterInfo. Takes the adapter lazily because the answer lists the adapter's own handlers,
 * which include this one.
 */
export function adapterInfoHandlers(
  adapter: () => Adapter,
  startedAt: Date,
): HandlerGroup<'getAdapterInfo'> {
  return {
    getAdapterInfo: () =>
      Promise.resolve({
        name: adapter().name,
        version: adapter().version,
        gitCommit: '',
        date: new Date(startedAt.getTime()),
        methods: implementedMethods(adapter(), methodVersions),
      }),
  };
}
