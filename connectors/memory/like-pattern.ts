/** Characters with a meaning in a JavaScript regular expression (unicode mode). */
const regexSyntax = /[\\^$.*+?()[\]{}|/]/g;

/**
 * Compiles a SQL LIKE pattern (getCustomersByCustomerPhoneNumber) into an anchored, case-sensitive
 * regular expression: `%` matches any run of characters, including none, `_` exactly one
 * character, and every other character — regular-expression metacharacters and backslash
 * included — only itself. There is no escape character, so a client cannot smuggle regex syntax
 * or search for a literal `%`.
 */
export function compileLikePattern(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(regexSyntax, '\\$&');
  }
  // `s` lets `%` and `_` match line breaks; `u` makes `_` one code point, as in PostgreSQL.
  return new RegExp(`^${source}$`, 'su');
}
