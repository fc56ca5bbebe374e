import { z } from 'zod';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A date-time in a request body. OBP's format is `yyyy-MM-dd'T'HH:mm:ss'Z'` (UTC); Southgate also
 * accepts fractional seconds, explicit offsets and a bare `yyyy-MM-dd` (midnight UTC), which the
 * OBP API Explorer's own examples use. Impossible dates (2021-02-30) are rejected.
 */
export const obpDateTime = z.string().transform((text, ctx) => {
  const date = parseObpDate(text);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'must be a date-time like 2013-01-21T23:08:00Z' });
    return z.NEVER;
  }
  return date;
});

/** Parses one of the accepted date forms; undefined when it is not a real date. */
export function parseObpDate(text: string): Date | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, m, d] = match;
  const date = new Date(match[4] === undefined ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date() rolls 2021-02-30 over to March; a real date keeps its own day in UTC or in its offset.
  const offsetDay = new Date(`${y}-${m}-01T00:00:00Z`);
  offsetDay.setUTCDate(Number(d));
  if (offsetDay.getUTCMonth() + 1 !== Number(m)) return undefined;
  return date;
}

/** OBP's response date-time format, `2017-09-19T00:00:00Z`; null stays null. */
export function formatDateTime(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `yyyy-MM-dd` form OBP's v3.0.0 customer JSON uses for dates of birth. */
export function formatDay(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 10);
}
