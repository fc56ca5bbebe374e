import { randomBytes } from 'node:crypto';
import { ObpError } from '../errors/obp-error.js';
import type { AuthService } from './auth-service.js';
import type { ConsumerService } from './consumer-service.js';
import type { UserService } from './user-service.js';

/** A super admin and a consumer key to log in with (BOOTSTRAP_* settings, or generated). */
export interface BootstrapCredentials {
  readonly username: string;
  readonly password: string;
  readonly consumerKey: string;
}

/** The services bootstrap needs. */
export interface BootstrapServices {
  readonly auth: AuthService;
  readonly users: UserService;
  readonly consumers: ConsumerService;
}

const demoUsername = 'admin';
const bootstrapConsumerName = 'bootstrap';
const demoConsumerName = 'demo';
const adminProfile = {
  email: 'admin@localhost.localdomain',
  firstName: 'Southgate',
  lastName: 'Admin',
} as const;

/**
 * Makes sure someone can log in after start.
 *
 * With `credentials` (configured): that user exists as a super admin with that password (the
 * hash is replaced if the password changed) and an enabled consumer has that key. An existing
 * user it has to promote or give a new password loses every token issued before: those were
 * issued to whoever held the account then, not to the operator who configured it. Returns
 * undefined. Throws ObpError 400 InvalidStrongPasswordFormat / InvalidJsonFormat /
 * CreateConsumerError for unusable credentials.
 *
 * Without: on a store with no users at all, creates a super admin `admin` with a random strong
 * password and a consumer with a random key, and returns them so the caller can show them ONCE;
 * returns undefined on every later start (and to the loser of two instances starting at once).
 * Never logs; passwords and keys leave only through the return value.
 */
export async function ensureBootstrapAccounts(
  services: BootstrapServices,
  credentials?: BootstrapCredentials,
): Promise<BootstrapCredentials | undefined> {
  if (credentials !== undefined) {
    await ensureSuperAdmin(services, credentials.username, credentials.password);
    await ensureConsumer(services.consumers, credentials.consumerKey);
    return undefined;
  }
  if (await services.users.hasAnyUser()) return undefined;

  const demo: BootstrapCredentials = {
    username: demoUsername,
    password: randomBytes(18).toString('base64url'),
    consumerKey: '',
  };
  try {
    await services.users.createUser({
      ...adminProfile,
      username: demo.username,
      password: demo.password,
      isSuperAdmin: true,
    });
  } catch (err) {
    // Another instance bootstrapped the same empty database first: its credentials win.
    if (isObpError(err, 'DuplicateUsername')) return undefined;
    throw err;
  }
  const { key } = await services.consumers.createConsumer({ name: demoConsumerName });
  return { ...demo, consumerKey: key };
}

async function ensureSuperAdmin(
  { users, auth }: BootstrapServices,
  username: string,
  password: string,
): Promise<void> {
  const existing = await users.findByUsername(username);
  if (existing === undefined) {
    try {
      await users.createUser({ ...adminProfile, username, password, isSuperAdmin: true });
      return;
    } catch (err) {
      // A concurrent start created the user first; check what it stored below.
      if (!isObpError(err, 'DuplicateUsername')) throw err;
    }
  }
  const user = existing ?? (await users.findByUsername(username));
  if (user === undefined) throw new Error(`Bootstrap user ${username} vanished`);
  let changed = false;
  if (!user.isSuperAdmin) {
    await users.setSuperAdmin(user.userId, true);
    changed = true;
  }
  if (!(await users.checkPassword(user.userId, password))) {
    await users.setPassword(user.userId, password);
    changed = true;
  }
  if (changed) await auth.revokeUserTokens(user.userId);
}

async function ensureConsumer(consumers: ConsumerService, key: string): Promise<void> {
  let consumer = await consumers.findByKey(key);
  if (consumer === undefined) {
    try {
      await consumers.createConsumer({ name: bootstrapConsumerName, key });
      return;
    } catch (err) {
      // Invalid key, or a concurrent start registered the same key first.
      consumer = await consumers.findByKey(key);
      if (consumer === undefined) throw err;
    }
  }
  if (!consumer.enabled) await consumers.enableConsumer(consumer.consumerId);
}

function isObpError(err: unknown, name: ObpError['errorName']): boolean {
  return err instanceof ObpError && err.errorName === name;
}
