/** The `int8` type oid, whose parsing both drivers override. */
export const int8Oid = 20;

/**
 * Parses an `int8` column to a number, refusing values a double cannot hold exactly: silently
 * rounding an id or an amount would be worse than failing the query. (pg would return a string
 * and PGlite a number or a bigint depending on size; this makes both the same.)
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `int8 value ${text} does not fit a JavaScript number exactly; cast the column to text or numeric`,
    );
  }
  return value;
}
