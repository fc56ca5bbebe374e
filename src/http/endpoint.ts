import type { Request } from 'express';
import type { z } from 'zod';
import type { Bank } from '../codec/generated/messages.js';
import type { MethodName } from '../codec/message-types.js';
import type { CallContext } from '../connector/call-context.js';
import type { Principal } from '../auth/auth-service.js';
import type { RoleName } from '../auth/roles.js';
import type { ApiVersion } from './api-versions.js';
import type { GatewayServices } from './gateway-services.js';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Roles an endpoint needs: any one of the groups, each group all of its roles. Bank roles are
 * checked at the URL's BANK_ID, system (`…AtAnyBank`) roles at bank id "".
 */
export type RoleRequirement = readonly (readonly RoleName[])[];

/** One pre-handler check, run in the order the endpoint lists them (OBP's orders differ). */
export type Check =
  /** BANK_ID must name an existing bank (connector getBank) → 404 OBP-30001. */
  | 'bank'
  /** The caller must hold the endpoint's roles → 403 OBP-20006. */
  | 'roles'
  /** The body must match the endpoint's schema → 400 OBP-10001 naming the fields. */
  | 'body'
  /** OBP v4+ auto-validation: id-like body fields match [A-Za-z0-9-._]{1,36} → 400 OBP-10001. */
  | 'bodyIds'
  /** An endpoint-specific precondition, e.g. a configuration switch. */
  | ((ctx: EndpointContext<unknown>) => void | Promise<void>);

/** What a handler gets: validated input, the caller, and the services. */
export interface EndpointContext<B> {
  readonly req: Request;
  readonly version: ApiVersion;
  /** Path parameters by OBP name (`BANK_ID`, `CUSTOMER_ID`, …), already validated. */
  readonly params: Readonly<Record<string, string>>;
  readonly body: B;
  /** The logged-in caller; null only on endpoints that allow anonymous access. */
  readonly principal: Principal | null;
  /** The connector call context (correlation id, consumer, user, pass-through headers). */
  readonly call: CallContext;
  readonly services: GatewayServices;
  /** The bank named by BANK_ID, once the `bank` check has run. */
  bank?: Bank;
}

/**
 * One OBP operation (spec/obp-endpoints.md §2–§5) as data: verb, path, the versions that
 * serve it, checks, body schema, success status, the connector methods it uses, and its handler.
 */
export interface EndpointDefinition<B = unknown> {
  readonly operationId: string;
  readonly verb: HttpVerb;
  /** OBP's path with upper-case parameter names, e.g. `/banks/BANK_ID/customers/CUSTOMER_ID`. */
  readonly path: string;
  readonly versions: readonly ApiVersion[];
  /** `required` (default): 401 OBP-20001 without a valid login. */
  readonly auth?: 'required' | 'optional';
  readonly roles?: RoleRequirement;
  /** Checks before the handler; default `['bank', 'roles', 'body']` (OBP v1–v3 handler order). */
  readonly checks?: readonly Check[];
  readonly body?: z.ZodType<B>;
  /** OBP's name for the body type, used in "The Json body should be the …" messages. */
  readonly bodyName?: string;
  readonly successStatus: number;
  /** The connector methods this endpoint calls (the registry's "endpoints that use it"). */
  readonly connectorMethods: readonly MethodName[];
  handle(ctx: EndpointContext<B>): Promise<unknown>;
}

/** Identity function that lets TypeScript infer the body type from the schema. */
export function defineEndpoint<B>(definition: EndpointDefinition<B>): EndpointDefinition<B> {
  return definition;
}

/** The logged-in caller of an endpoint that requires login. */
export function caller(ctx: EndpointContext<unknown>): Principal {
  if (!ctx.principal)
    throw new Error(`${ctx.req.method} ${ctx.req.path} needs a caller but allows anonymous access`);
  return ctx.principal;
}
