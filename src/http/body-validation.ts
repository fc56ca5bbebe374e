import type { z } from 'zod';
import { ObpError } from '../errors/obp-error.js';

/**
 * Validates a JSON body against its schema once, at the HTTP boundary. Failures are 400
 * OBP-10001 in OBP's words ("The Json body should be the X") followed by every problem, each
 * naming its field.
 */
export function parseBody<B>(schema: z.ZodType<B>, body: unknown, bodyName: string | undefined): B {
  const result = schema.safeParse(body ?? undefined);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 10).map(describeIssue);
  const shape = bodyName ? ` The Json body should be the ${bodyName}:` : '';
  throw new ObpError('InvalidJsonFormat', { detail: `${shape} ${problems.join('; ')}.` });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (field === '') return body(issue);
  if (issue.code === 'invalid_type') {
    return issue.message.endsWith('received undefined')
      ? `${field} is required`
      : `${field} must be ${article(issue.expected)}`;
  }
  return `${field} ${issue.message}`;
}

function body(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.message.endsWith('received undefined')
      ? 'the request body is missing'
      : 'the request body must be a JSON object';
  }
  return issue.message;
}

function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'an array',
    object: 'an object',
    date: 'a date',
  };
  return words[expected] ?? expected;
}

const ID_FIELDS = new Set([
  'id',
  'user_id',
  'bank_id',
  'account_id',
  'customer_id',
  'branch_id',
  'atm_id',
  'transaction_id',
  'transaction_request_id',
  'card_id',
  'view_id',
]);
const VALID_ID = /^[A-Za-z0-9._-]{1,36}$/;

/**
 * OBP v4+ automatic validation (spec §1.2 step 2): every id-like field anywhere in the body must
 * match `[A-Za-z0-9-._]` and be at most 36 characters.
 */
export function checkBodyIds(body: unknown): void {
  const invalid: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const here = path ? `${path}.${key}` : key;
        if (ID_FIELDS.has(key) && (typeof v !== 'string' || !VALID_ID.test(v))) invalid.push(here);
        else walk(v, here);
      }
    }
  };
  walk(body, '');
  if (invalid.length > 0) {
    throw new ObpError('InvalidJsonFormat', {
      detail: ` Here are all invalid values: ${invalid.join(', ')} (ids must be 1 to 36 characters of A-Z, a-z, 0-9, '-', '.' or '_').`,
    });
  }
}
