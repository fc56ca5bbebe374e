import { ObpError } from '../errors/obp-error.js';
import type { AuthServices } from './auth-services.js';
import type { EntitlementView } from './entitlement-service.js';
import type { NewUser, User } from './user-service.js';

/*
 * The operator commands behind the CLI (`southgate user create`, …; argv parsing lives in
 * main.ts). Each returns a value for the CLI to print and prints nothing itself. Failures are
 * ObpErrors, the same as over HTTP; a username that does not exist is 404 OBP-20027.
 */

/** The services the admin commands use. */
export type AdminServices = Pick<AuthServices, 'auth' | 'users' | 'consumers' | 'entitlements'>;

/** Creates a user (see UserService.createUser for the errors). */
export function createUser(services: AdminServices, input: NewUser): Promise<User> {
  return services.users.createUser(input);
}

/** Creates a consumer; the result holds the key in clear, which cannot be shown again. */
export async function createConsumer(
  services: AdminServices,
  input: { name: string; key?: string },
): Promise<{ consumerId: string; name: string; key: string }> {
  const { consumer, key } = await services.consumers.createConsumer(input);
  return { consumerId: consumer.consumerId, name: consumer.name, key };
}

/** Grants a role to the user with this username (see EntitlementService.grant for the errors). */
export async function grantRole(
  services: AdminServices,
  input: { username: string; roleName: string; bankId: string },
): Promise<EntitlementView & { username: string }> {
  const user = await userByName(services, input.username);
  const granted = await services.entitlements.grant(user.userId, input.roleName, input.bankId);
  return { ...granted, username: user.username };
}

/** The user's entitlements, including a super admin's implicit ones. */
export async function listEntitlements(
  services: AdminServices,
  username: string,
): Promise<EntitlementView[]> {
  const user = await userByName(services, username);
  return services.entitlements.list(user.userId);
}

/** Unlocks a user locked after too many failed logins. */
export async function unlockUser(
  services: AdminServices,
  username: string,
): Promise<{ username: string; unlocked: true }> {
  if (!(await services.users.unlock(username))) throw userNotFound(username);
  return { username, unlocked: true };
}

/**
 * Revokes every unexpired token of the user. Instances other than this process notice at their
 * next revocation refresh.
 */
export async function revokeTokens(
  services: AdminServices,
  username: string,
): Promise<{ username: string; revoked: number }> {
  const user = await userByName(services, username);
  return { username, revoked: await services.auth.revokeUserTokens(user.userId) };
}

async function userByName(services: AdminServices, username: string): Promise<User> {
  const user = await services.users.findByUsername(username);
  if (user === undefined) throw userNotFound(username);
  return user;
}

function userNotFound(username: string): ObpError {
  return new ObpError('UserNotFoundByProviderAndUsername', {
    detail: ` Current USERNAME(${username})`,
  });
}
