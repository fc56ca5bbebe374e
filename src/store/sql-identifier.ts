const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Quotes a schema or table name chosen by code or configuration (never by a client). Only plain
 * lower-case identifiers are accepted, so the name also works unquoted in a connection's
 * `search_path` option. Throws an Error for anything else.
 */
export function quoteIdentifier(name: string): string {
  if (!identifierPattern.test(name)) {
    throw new Error(`Invalid SQL identifier "${name}": use a-z, 0-9 and _, at most 63 characters`);
  }
  return `"${name}"`;
}
