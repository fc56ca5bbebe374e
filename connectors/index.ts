import type { Adapter } from '../src/adapter/index.js';
import { createMemoryAdapter } from './memory/memory-adapter.js';

/** What an adapter factory may use from the process that hosts it. */
export interface AdapterFactoryOptions {
  /** Where embedded data lives (`DATA_DIR`). */
  readonly dataDir: string;
}

/**
 * Every backend adapter, chosen by name in this one place (`ADAPTER=<name>` in process,
 * `southgate adapter <name>` over Kafka).
 */
export const adapterFactories: Readonly<
  Record<string, (options: AdapterFactoryOptions) => Promise<Adapter>>
> = {
  memory: () => Promise.resolve(createMemoryAdapter()),
};

/** Builds the adapter `name`; throws an Error listing the known names for an unknown one. */
export function createAdapter(name: string, options: AdapterFactoryOptions): Promise<Adapter> {
  const factory = adapterFactories[name];
  if (!factory) {
    throw new Error(
      `Unknown adapter "${name}"; known adapters: ${Object.keys(adapterFactories).sort().join(', ')}`,
    );
  }
  return factory(options);
}
