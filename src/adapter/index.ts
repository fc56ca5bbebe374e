/**
 * The adapter SDK: everything a backend adapter in `connectors/` may import. Adapters depend on
 * this module and on the generated message types only — never on the HTTP layer or on another
 * adapter (DESIGN.md "Layout").
 */
export type { Adapter, HandlerContext, MethodHandler, MethodHandlers } from './adapter.js';
export { implementedMethods } from './adapter.js';
export { AdapterRuntime, type RuntimeOutcome, type RuntimeStats } from './adapter-runtime.js';
export {
  MemoryIdempotencyStore,
  type IdempotencyStore,
  type StoredReply,
} from './idempotency-store.js';
export { AdapterError } from '../errors/failure-converter.js';
export type { ErrorName } from '../errors/error-catalog.js';
export type * from '../codec/generated/messages.js';
export { methodVersions } from '../codec/generated/messages.js';
export type { ArgsOf, DataOf, MethodName } from '../codec/message-types.js';
export {
  openSqlClient,
  type SqlClient,
  type SqlClientOptions,
  type SqlPoolStatus,
  type SqlTransaction,
} from '../store/sql-client.js';
export { runMigrations, type Migration, type MigrationTarget } from '../store/migrator.js';
export type { Logger } from '../observability/logger.js';
export { demoBank, demoBankId, demoCrmEvents } from './demo-data.js';
