import type { AuthService } from '../auth/auth-service.js';
import type { EntitlementService } from '../auth/entitlement-service.js';
import type { UserService } from '../auth/user-service.js';
import type { SchemaCatalog } from '../codec/schema-catalog.js';
import type { Connector } from '../connector/connector.js';
import type { Logger } from '../observability/logger.js';

/** Switches the HTTP layer reads (from configuration). */
export interface HttpSettings {
  readonly allowCustomerFirehose: boolean;
  readonly allowUserSelfRegistration: boolean;
  readonly bodyLimitBytes: number;
}

/** Everything endpoint handlers may use; built once by `app.ts`. */
export interface GatewayServices {
  readonly connector: Connector;
  /** The published message schemas (for the schema endpoint). */
  readonly catalog: SchemaCatalog;
  readonly auth: AuthService;
  readonly users: UserService;
  readonly entitlements: EntitlementService;
  readonly settings: HttpSettings;
  readonly logger: Logger;
}
