// Owns the small toolkit that turns untrusted JSON into typed values, collecting every problem.
import { AppError } from '../errors';

export type FieldIssue = 'required' | 'wrong_type' | 'too_long' | 'invalid' | 'unknown_field';

export interface FieldProblem {
  field: string;
  issue: FieldIssue;
  /** For too_long: the largest allowed length. */
  limit?: number;
}

const ISSUE_TEXT: Record<FieldIssue, (p: FieldProblem) => string> = {
  required: (p) => `${p.field} is required`,
  wrong_type: (p) => `${p.field} has the wrong type`,
  too_long: (p) => `${p.field} is longer than ${p.limit} characters`,
  invalid: (p) => `${p.field} is not valid`,
  unknown_field: (p) => `${p.field} is not a field this request accepts`,
};

/** Problems one error lists at most: a body of thousands of unknown keys must not come back as hundreds of kilobytes. */
export const MAX_LISTED_PROBLEMS = 20;
/** Characters of a field name an error repeats (unknown keys are the sender's own text, of any length). */
export const MAX_ECHOED_CHARS = 100;

/** The first `MAX_ECHOED_CHARS` characters of something an error repeats back, marked when cut. */
export function echoed(text: string): string {
  if (text.length <= MAX_ECHOED_CHARS) return text;
  return Array.from(text).slice(0, MAX_ECHOED_CHARS).join('') + '…';
}

// Something@domain, the domain with a dot that neither starts nor ends it. Written so that no
// character can be matched two ways: `[^…]+\.[^…]+$` with a dot inside the class tried every
// dot against the rest of the text, its length squared on a run of dots.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"][^\s@<>()[\]\\,;:".]*\.[^\s@<>()[\]\\,;:"]+$/;

/** Whether the text looks like an email address (only its shape: nothing is sent to it). */
export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text);
}

/** Collects problems while reading one object, then throws them all at once. */
export class FieldReader {
  readonly problems: FieldProblem[] = [];
  private readonly record: Record<string, unknown>;

  constructor(raw: unknown, allowedKeys: readonly string[]) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new AppError('VALIDATION_FAILED', {
        publicMessage: 'The request must be a JSON object.',
        details: { fields: [{ field: '(body)', issue: 'wrong_type' }] },
      });
    }
    this.record = raw as Record<string, unknown>;
    for (const key of Object.keys(this.record)) {
      if (!allowedKeys.includes(key)) this.problems.push({ field: key, issue: 'unknown_field' });
    }
  }

  has(field: string): boolean {
    return this.record[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.record[field];
  }

  add(problem: FieldProblem): void {
    this.problems.push(problem);
  }

  /** A string, or undefined when absent/null (reported as required unless optional). */
  string(field: string, opts: { isOptional?: boolean } = {}): string | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) {
      if (!opts.isOptional) this.problems.push({ field, issue: 'required' });
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push({ field, issue: 'wrong_type' });
      return undefined;
    }
    return value;
  }

  /** A positive safe integer id, or undefined when absent/null. */
  id(field: string, opts: { isOptional?: boolean } = {}): number | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) {
      if (!opts.isOptional) this.problems.push({ field, issue: 'required' });
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.problems.push({ field, issue: 'wrong_type' });
      return undefined;
    }
    return value;
  }

  /**
   * Throws VALIDATION_FAILED listing the problems, if there are any: the first
   * MAX_LISTED_PROBLEMS of them, with how many more there were (`moreFieldCount`).
   */
  finish(): void {
    if (this.problems.length === 0) return;
    const listed = this.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({ ...p, field: echoed(p.field) }));
    const moreFieldCount = this.problems.length - listed.length;
    const more = moreFieldCount > 0 ? `; and ${moreFieldCount} more` : '';
    throw new AppError('VALIDATION_FAILED', {
      publicMessage: listed.map((p) => ISSUE_TEXT[p.issue](p)).join('; ') + more + '.',
      details: moreFieldCount > 0 ? { fields: listed, moreFieldCount } : { fields: listed },
    });
  }
}

/** Keys that may come in the URL instead of the body are refused in the body then. */
export function keysWithout(keys: readonly string[], fromPath: Record<string, unknown>): string[] {
  return keys.filter((k) => fromPath[k] === undefined);
}
