import type { Adapter, Logger } from '../src/adapter/index.js';
import { createMemoryAdapter } from './memory/memory-adapter.js';
import { openSqlAdapter } from './sql/sql-adapter.js';

/** What an adapter factory may use from the process that hosts it. */
export interface AdapterFactoryOptions {
  /** Where embedded data lives (`DATA_DIR`). */
  readonly dataDir: string;
  /** Settings an adapter reads for itself (e.g. `SQL_ADAPTER_DATABASE_URL`); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where an adapter reports background failures (e.g. a lost idle database connection). */
  readonly logger?: Logger;
}

/**
 * Every backend adapter, chosen by name in this one place (`ADAPTER=<name>` in process,
 * `southgate adapter <name>` over Kafka).
 */
export const adapterFactories: Readonly<
  Record<string, (options: AdapterFactoryOptions) => Promise<Adapter>>
> = {
  memory: () => Promise.resolve(createMemoryAdapter()),
  sql: (options) => openSqlAdapter(options),
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
