import type { AuthService } from '../auth/auth-service.js';
import type { EntitlementService } from '../auth/entitlement-service.js';
import type { UserService } from '../auth/user-service.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { Connector } from '../connector/connector.js';
import type { BankDirectory } from './bank-directory.js';
import type { Readiness } from './readiness.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { IdempotencyRepository } from '../store/idempotency-repository.js';

/** Switches the HTTP layer reads (from configuration). */
export interface HttpSettings {
  readonly allowCustomerFirehose: boolean;
  readonly allowUserSelfRegistration: boolean;
  readonly bodyLimitBytes: number;
}

/** One readiness check's outcome, with whatever details help an operator. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/** A dependency `GET /ready` checks. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<ProbeResult>;
}

/** Everything endpoint handlers may use; built once by `app.ts`. */
export interface GatewayServices {
  readonly connector: Connector;
  /** Banks looked up through the connector, briefly remembered. */
  readonly banks: BankDirectory;
  /** The published message schemas (for the schema endpoint). */
  readonly catalog: SchemaCatalog;
  readonly auth: AuthService;
  readonly users: UserService;
  readonly entitlements: EntitlementService;
  readonly settings: HttpSettings;
  readonly logger: Logger;
  /** What `GET /ready` checks. */
  readonly readiness: Readiness;
  readonly metrics?: Metrics;
  /**
   * Idempotency-Key support: where keys are kept, for how long once answered (`ttlMs`), and how
   * long a claim lasts before it is (`inProgressLeaseMs`, see IdempotencyRepository.claim).
   */
  readonly idempotency?: {
    readonly repository: IdempotencyRepository;
    readonly ttlMs: number;
    readonly inProgressLeaseMs: number;
  };
}
