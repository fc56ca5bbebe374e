import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters: N = 2^logN (CPU and memory), block size r, parallelism p. */
export interface ScryptCost {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/**
 * The production cost: 32 MiB and roughly 50–100 ms per hash. Raise it with the hardware; stored
 * hashes carry their own parameters, so old hashes keep verifying and are upgraded at next login.
 */
export const defaultScryptCost: ScryptCost = { logN: 15, r: 8, p: 1 };

// Bounds for parameters read back from the database, so a corrupt row cannot ask for gigabytes.
const maxCost: ScryptCost = { logN: 20, r: 16, p: 16 };
const saltBytes = 16;
const keyBytes = 32;
const encodedPattern = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

interface DecodedHash {
  readonly cost: ScryptCost;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/**
 * Hashes and verifies user passwords with scrypt and a random salt per password. The stored
 * string is self-describing, PHC style: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64, no
 * padding). All work runs on libuv's thread pool, never on the event loop; comparison is
 * constant-time. Throws only for an invalid cost given to the constructor.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly cost: ScryptCost = defaultScryptCost) {
    if (!withinLimits(cost)) throw new Error(`scrypt cost out of range: ${JSON.stringify(cost)}`);
  }

  /** A fresh self-describing hash of `password`. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(saltBytes);
    const key = await derive(password, salt, this.cost, keyBytes);
    const { logN, r, p } = this.cost;
    return `$scrypt$ln=${logN},r=${r},p=${p}$${unpadded(salt)}$${unpadded(key)}`;
  }

  /** True if `password` matches `encoded`; false for a mismatch or a malformed hash. */
  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = decode(encoded);
    if (decoded === undefined) return false;
    const key = await derive(password, decoded.salt, decoded.cost, decoded.key.length);
    return timingSafeEqual(key, decoded.key);
  }

  /**
   * Spends the time of one verification and ignores the result: called when the username is
   * unknown, so response time does not tell which usernames exist.
   */
  async verifyDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(password, await this.dummyHash);
  }

  /** True if `encoded` was made with other parameters than this hasher's (or is unreadable). */
  needsRehash(encoded: string): boolean {
    const decoded = decode(encoded);
    if (decoded === undefined) return true;
    const { logN, r, p } = decoded.cost;
    return logN !== this.cost.logN || r !== this.cost.r || p !== this.cost.p;
  }
}

/**
 * OBP's strong-password rule, as the OBP-30207 text states it: EITHER at least 10 characters with
 * a digit, an upper-case letter, a lower-case letter and a special character (ASCII punctuation),
 * OR a length > 16 and ≤ 512. Lengths are counted in UTF-16 units, as OBP (Java) counts them; 512
 * is the upper bound of both branches, as in OBP's code.
 */
export function isStrongPassword(password: string): boolean {
  const length = password.length;
  if (length > 512) return false;
  if (length > 16) return true;
  return (
    length >= 10 &&
    /[0-9]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[a-z]/.test(password) &&
    /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/.test(password)
  );
}

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const N = 2 ** cost.logN;
  const options: ScryptOptions = {
    N,
    r: cost.r,
    p: cost.p,
    // Node refuses to allocate more than maxmem; scrypt needs about 128·N·r bytes.
    maxmem: 128 * N * cost.r * 2 + 128 * cost.r * cost.p,
  };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function decode(encoded: string): DecodedHash | undefined {
  const match = encodedPattern.exec(encoded);
  if (match === null) return undefined;
  const [, logN, r, p, salt, key] = match;
  const cost = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (!withinLimits(cost)) return undefined;
  const keyBuffer = Buffer.from(key ?? '', 'base64');
  if (keyBuffer.length < 16) return undefined;
  return { cost, salt: Buffer.from(salt ?? '', 'base64'), key: keyBuffer };
}

function withinLimits(cost: ScryptCost): boolean {
  return (
    Number.isInteger(cost.logN) &&
    Number.isInteger(cost.r) &&
    Number.isInteger(cost.p) &&
    cost.logN >= 1 &&
    cost.logN <= maxCost.logN &&
    cost.r >= 1 &&
    cost.r <= maxCost.r &&
    cost.p >= 1 &&
    cost.p <= maxCost.p
  );
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
