import { createHash, randomInt } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const keyPattern = /^[A-Za-z0-9]{1,512}$/;

/**
 * The form a consumer key is stored and looked up in: SHA-256, hex. Keys are long random
 * strings, so a fast hash is enough (unlike passwords) and lets login find the consumer by index.
 */
export function hashConsumerKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new random consumer key: 40 letters and digits (~238 bits), uniformly drawn. */
export function generateConsumerKey(length = 40): string {
  let key = '';
  for (let i = 0; i < length; i++) key += alphabet[randomInt(alphabet.length)];
  return key;
}

/** True for a key an operator may choose: 1–512 letters and digits (OBP's alphanumeric rule). */
export function isValidConsumerKey(key: string): boolean {
  return keyPattern.test(key);
}
