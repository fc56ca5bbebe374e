import { randomUUID } from 'node:crypto';
import { ObpError } from '../errors/obp-error.js';
import type { GatewayStore } from '../store/gateway-store.js';
import type { UserRecord } from '../store/user-repository.js';
import { isStrongPassword, type PasswordHasher } from './password-hasher.js';

/** A gateway user as other modules may see it: everything but the password hash. */
export interface User {
  readonly userId: string;
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly provider: string;
  readonly isSuperAdmin: boolean;
  readonly locked: boolean;
  readonly createdAt: Date;
}

/** What creating a user takes; the password arrives in clear and is only ever stored hashed. */
export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly isSuperAdmin?: boolean;
}

/** Settings of {@link UserService}. */
export interface UserServiceOptions {
  /** Identity provider recorded on local users (OBP's `provider`); default `southgate`. */
  readonly provider?: string;
  /** Told when a user's super-admin flag changes, so cached roles can be dropped. */
  readonly onRolesChanged?: (userId: string) => Promise<void>;
}

const usernamePattern = /^[A-Za-z0-9._@+-]{1,100}$/;
const emailPattern = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/**
 * Creates and looks up the gateway's local users (the people who log in with DirectLogin).
 * Sits behind the HTTP layer and the admin CLI; every failure a client may see is an ObpError.
 */
export class UserService {
  private readonly provider: string;

  constructor(
    private readonly store: GatewayStore,
    private readonly hasher: PasswordHasher,
    private readonly options: UserServiceOptions = {},
  ) {
    this.provider = options.provider ?? 'southgate';
  }

  /**
   * Validates, hashes the password and stores a new user with a random UUID. Throws ObpError
   * 400 InvalidJsonFormat (username not 1–100 of `A-Za-z0-9._@+-`, or a malformed email),
   * 400 InvalidStrongPasswordFormat, or 409 DuplicateUsername (also when a concurrent request
   * took the name first).
   */
  async createUser(input: NewUser): Promise<User> {
    if (!usernamePattern.test(input.username)) {
      throw new ObpError('InvalidJsonFormat', {
        detail: ' The username must be 1 to 100 characters from A-Z a-z 0-9 . _ @ + -',
      });
    }
    if (input.email.length > 254 || !emailPattern.test(input.email)) {
      throw new ObpError('InvalidJsonFormat', { detail: ' The email address is not valid.' });
    }
    if (!isStrongPassword(input.password)) throw new ObpError('InvalidStrongPasswordFormat');

    const record = {
      userId: randomUUID(),
      username: input.username,
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: await this.hasher.hash(input.password),
      provider: this.provider,
      isSuperAdmin: input.isSuperAdmin ?? false,
    };
    if (!(await this.store.users.insert(record))) throw new ObpError('DuplicateUsername');
    return this.getUser(record.userId);
  }

  /** The user with this id. Throws ObpError 404 UserNotFoundById (` Current USER_ID(<id>)`). */
  async getUser(userId: string): Promise<User> {
    const record = await this.store.users.findById(userId);
    if (record === undefined) throw userNotFound(userId);
    return toUser(record);
  }

  /** The user with this username, or undefined. */
  async findByUsername(username: string): Promise<User | undefined> {
    const record = await this.store.users.findByUsername(username);
    return record === undefined ? undefined : toUser(record);
  }

  /** True once any user exists. */
  hasAnyUser(): Promise<boolean> {
    return this.store.users.hasAny();
  }

  /** Unlocks a user locked by failed logins and clears the count; false if no such username. */
  unlock(username: string): Promise<boolean> {
    return this.store.users.unlock(username);
  }

  /** Grants or withdraws super-admin status. Throws ObpError 404 UserNotFoundById. */
  async setSuperAdmin(userId: string, isSuperAdmin: boolean): Promise<void> {
    if (!(await this.store.users.setSuperAdmin(userId, isSuperAdmin))) throw userNotFound(userId);
    await this.options.onRolesChanged?.(userId);
  }

  /** True if `password` is the user's current password (false for an unknown user). */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const record = await this.store.users.findById(userId);
    return record !== undefined && (await this.hasher.verify(password, record.passwordHash));
  }

  /**
   * Replaces the user's password. Throws ObpError 400 InvalidStrongPasswordFormat or 404
   * UserNotFoundById.
   */
  async setPassword(userId: string, password: string): Promise<void> {
    if (!isStrongPassword(password)) throw new ObpError('InvalidStrongPasswordFormat');
    const hash = await this.hasher.hash(password);
    if (!(await this.store.users.setPasswordHash(userId, hash))) throw userNotFound(userId);
  }
}

function userNotFound(userId: string): ObpError {
  return new ObpError('UserNotFoundById', { detail: ` Current USER_ID(${userId})` });
}

function toUser(record: UserRecord): User {
  const { passwordHash: _hash, failedLoginAttempts: _failures, ...user } = record;
  return user;
}
