import type { IncomingHttpHeaders } from 'node:http';
import { ObpError } from '../errors/obp-error.js';

/** The three values `POST /my/logins/direct` needs. */
export interface LoginCredentials {
  readonly username: string;
  readonly password: string;
  readonly consumerKey: string;
}

type Found =
  | { readonly kind: 'none' }
  | { readonly kind: 'other-scheme' }
  | { readonly kind: 'direct-login'; readonly text: string };

const knownParameters = new Set(['username', 'password', 'consumer_key', 'token']);
const loginParameters = ['username', 'password', 'consumer_key'] as const;
const maxValueLength = 4096;
const authorizationScheme = /^\s*DirectLogin(?:\s+|$)/i;

/**
 * Reads login credentials from `DirectLogin: username=u, password=p, consumer_key=k` (header
 * name case-insensitive) or the deprecated `Authorization: DirectLogin username=…, …`
 * (spec/obp-endpoints.md §5.1): comma-separated `key=value`, whitespace trimmed, surrounding
 * double quotes stripped (a quoted value may contain commas). HTTP-boundary parser; throws
 * ObpError 400 MissingDirectLoginHeader (neither header), InvalidDirectLoginHeader
 * (Authorization without the DirectLogin word), DirectLoginMissingParameters (with the missing
 * names appended) or InvalidDirectLoginParameters (an unknown parameter name).
 */
export function parseLoginCredentials(headers: IncomingHttpHeaders): LoginCredentials {
  const found = findDirectLogin(headers);
  if (found.kind === 'none') throw new ObpError('MissingDirectLoginHeader');
  if (found.kind === 'other-scheme') throw new ObpError('InvalidDirectLoginHeader');
  const { params, invalid } = parseParameters(found.text);
  // OBP reports missing parameters before invalid ones.
  const missing = loginParameters.filter((name) => !params.has(name));
  if (missing.length > 0) {
    throw new ObpError('DirectLoginMissingParameters', { detail: ` ${missing.join(', ')}` });
  }
  if (invalid) throw new ObpError('InvalidDirectLoginParameters');
  return {
    username: params.get('username') ?? '',
    password: params.get('password') ?? '',
    consumerKey: params.get('consumer_key') ?? '',
  };
}

/**
 * The token of `DirectLogin: token=<t>` or `Authorization: DirectLogin token=<t>`; null when the
 * request carries no DirectLogin credentials at all (no DirectLogin header, and no Authorization
 * header using the DirectLogin scheme). Throws ObpError 400 DirectLoginMissingParameters
 * (` token`) or InvalidDirectLoginParameters for a DirectLogin header without a usable token.
 */
export function parseTokenCredential(headers: IncomingHttpHeaders): string | null {
  const found = findDirectLogin(headers);
  if (found.kind !== 'direct-login') return null;
  // The common case, `token=<t>` alone, without the general parser (this runs on every request).
  const text = found.text.trim();
  if (text.startsWith('token=') && !text.includes(',')) {
    const token = text
      .slice(6)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (token !== '') return token;
  }
  const { params, invalid } = parseParameters(found.text);
  const token = params.get('token');
  if (token === undefined) throw new ObpError('DirectLoginMissingParameters', { detail: ' token' });
  if (invalid) throw new ObpError('InvalidDirectLoginParameters');
  return token;
}

function findDirectLogin(headers: IncomingHttpHeaders): Found {
  const directLogin = headerValue(headers, 'directlogin');
  if (directLogin !== undefined) return { kind: 'direct-login', text: directLogin };
  const authorization = headerValue(headers, 'authorization');
  if (authorization === undefined) return { kind: 'none' };
  const scheme = authorizationScheme.exec(authorization);
  if (scheme === null) return { kind: 'other-scheme' };
  return { kind: 'direct-login', text: authorization.slice(scheme[0].length) };
}

/** Node lower-cases incoming header names; other callers may not, so match case-insensitively. */
function headerValue(headers: IncomingHttpHeaders, lowerName: string): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== lowerName || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

/**
 * `a=1, b="x, y"` → {a: '1', b: 'x, y'}. Empty values count as absent, as in OBP. `invalid` is
 * set by an unknown name, an item without `=`, or an oversized value.
 */
function parseParameters(text: string): { params: Map<string, string>; invalid: boolean } {
  const params = new Map<string, string>();
  let invalid = false;
  for (const item of splitOutsideQuotes(text)) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    const name = equals < 0 ? trimmed : trimmed.slice(0, equals).trim();
    const value = equals < 0 ? '' : unquote(trimmed.slice(equals + 1).trim());
    if (equals < 0 || !knownParameters.has(name) || value.length > maxValueLength) {
      invalid = true;
    } else if (value !== '') {
      params.set(name, value);
    }
  }
  return { params, invalid };
}

function splitOutsideQuotes(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}
