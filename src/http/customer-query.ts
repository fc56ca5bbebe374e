import type { Request } from 'express';
import type { AttributeFilter } from '../codec/generated/messages.js';
import { ObpError } from '../errors/obp-error.js';
import { parseObpDate } from './json/obp-date.js';

/** Paging, sorting, date range and attribute filters of a customer list request. */
export interface CustomerQuery {
  readonly limit: number;
  readonly offset: number;
  readonly sortDirection: 'ASC' | 'DESC';
  readonly fromDate: Date | null;
  readonly toDate: Date | null;
  readonly attributeFilters: AttributeFilter[];
}

const PAGING = new Set(['limit', 'offset', 'sort_direction', 'from_date', 'to_date']);
const MAX_LIMIT = 10_000;
const MAX_FILTERS = 20;

/**
 * Reads OBP's list parameters (`limit`, `offset`, `sort_direction`, `from_date`, `to_date`,
 * also with the older `obp_` prefix). With `attributeFilters` (the firehose and v4.0.0's search
 * by attributes) every other parameter is a customer-attribute filter `name=value`; without,
 * other parameters are ignored, as OBP's plain customer lists ignore them (a cache-buster must
 * not empty a list). Bad values are 400s with OBP's paging codes.
 */
export function parseCustomerQuery(
  query: Request['query'],
  { attributeFilters: filtering }: { readonly attributeFilters: boolean },
  defaultLimit = 50,
): CustomerQuery {
  const paging = new Map<string, string>();
  const attributeFilters: AttributeFilter[] = [];
  for (const [rawName, rawValue] of Object.entries(query)) {
    const name =
      rawName.startsWith('obp_') && PAGING.has(rawName.slice(4)) ? rawName.slice(4) : rawName;
    const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).filter(
      (v): v is string => typeof v === 'string',
    );
    if (values.length === 0)
      throw new ObpError('InvalidUrlParameters', {
        detail: ` Query parameter ${clip(rawName)} must be a plain value.`,
      });
    if (PAGING.has(name)) {
      paging.set(name, values[values.length - 1] as string);
    } else if (filtering) {
      if (name.length > 255)
        throw new ObpError('InvalidUrlParameters', {
          detail: ' Attribute names in query parameters are limited to 255 characters.',
        });
      for (const value of values) attributeFilters.push({ name, value });
    }
  }
  if (attributeFilters.length > MAX_FILTERS) {
    throw new ObpError('InvalidUrlParameters', {
      detail: ` At most ${MAX_FILTERS} attribute filters are allowed.`,
    });
  }
  return {
    limit: parseLimit(paging.get('limit'), defaultLimit),
    offset: parseOffset(paging.get('offset')),
    sortDirection: parseSort(paging.get('sort_direction')),
    fromDate: parseDate(paging.get('from_date')),
    toDate: parseDate(paging.get('to_date')),
    attributeFilters,
  };
}

function parseLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw new ObpError('FilterLimitError');
  if (Number(text) > MAX_LIMIT) throw new ObpError('MaximumLimitExceeded');
  return Number(text);
}

function parseOffset(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,9}$/.test(text)) throw new ObpError('FilterOffsetError');
  return Number(text);
}

function parseSort(text: string | undefined): 'ASC' | 'DESC' {
  if (text === undefined) return 'DESC';
  const upper = text.toUpperCase();
  if (upper !== 'ASC' && upper !== 'DESC') throw new ObpError('FilterSortDirectionError');
  return upper;
}

function parseDate(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const date = parseObpDate(text);
  if (!date) throw new ObpError('FilterDateFormatError');
  return date;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
