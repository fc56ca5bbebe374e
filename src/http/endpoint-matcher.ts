import { PATH_PARAMETER } from './path-params.js';

interface Candidate<T> {
  /** Literal segments, or null where the path has a parameter. */
  readonly literals: readonly (string | null)[];
  /** The parameter names, by segment position. */
  readonly names: readonly (string | null)[];
  readonly value: T;
}

/** What a request path matched: the entry and its decoded parameters by OBP name. */
export interface Match<T> {
  readonly value: T;
  readonly params: Record<string, string>;
}

/**
 * Finds the endpoint for a verb, version and path in one map lookup plus a scan of the few
 * endpoints with that verb and segment count — instead of trying every route's regular
 * expression in turn. A literal segment beats a parameter (`/customers/customer-number` over
 * `/customers/CUSTOMER_ID`).
 */
export class EndpointMatcher<T> {
  private readonly candidates = new Map<string, Candidate<T>[]>();

  /** Adds `value` for `verb` and `version` at OBP path `path` (e.g. `/banks/BANK_ID`). */
  add(verb: string, version: string, path: string, value: T): void {
    const segments = path.split('/').slice(1);
    const key = `${verb} ${version} ${segments.length}`;
    const list = this.candidates.get(key) ?? [];
    list.push({
      literals: segments.map((s) => (PATH_PARAMETER.test(s) ? null : s)),
      names: segments.map((s) => (PATH_PARAMETER.test(s) ? s : null)),
      value,
    });
    // Fewer parameters first, and among equals, literals earlier in the path first.
    list.sort((a, b) => specificity(a) - specificity(b));
    this.candidates.set(key, list);
  }

  /** The entry for already-decoded path segments, or undefined. */
  match(verb: string, version: string, segments: readonly string[]): Match<T> | undefined {
    const list = this.candidates.get(`${verb} ${version} ${segments.length}`);
    if (!list) return undefined;
    for (const candidate of list) {
      if (candidate.literals.every((literal, i) => literal === null || literal === segments[i])) {
        const params: Record<string, string> = {};
        candidate.names.forEach((name, i) => {
          if (name !== null) params[name] = segments[i] as string;
        });
        return { value: candidate.value, params };
      }
    }
    return undefined;
  }
}

function specificity(candidate: Candidate<unknown>): number {
  // Each parameter at position i weighs more than any combination of later ones.
  return candidate.literals.reduce<number>(
    (sum, literal, i) => sum + (literal === null ? 2 ** (16 - i) : 0),
    0,
  );
}
