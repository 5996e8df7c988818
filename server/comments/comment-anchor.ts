// Owns a comment's anchor: the passage of the article and/or the quoted text it is about, as untrusted plain text.
import { LIMITS } from '../protocol/limits';
import { cleanPlainText } from '../text/plain-text';
import { normalizePageId, pageIdIssue } from '../threads/thread-input';
import type { FieldReader } from '../validation/fields';
import type { CommentAnchor } from '../protocol/dto';

// One shape for what is stored and what is sent: every field of it is public.
export type { CommentAnchor };

const ANCHOR_KEYS = ['passageId', 'quote', 'before', 'after'];

/** The first `limit` code points of `text` (never splitting a surrogate pair). */
export function firstChars(text: string, limit: number): string {
  const points = Array.from(text.length > 2 * limit ? text.slice(0, 2 * limit) : text);
  return points.length <= limit ? text : points.slice(0, limit).join('');
}

/** The last `limit` code points of `text`. */
export function lastChars(text: string, limit: number): string {
  const points = Array.from(text.length > 2 * limit ? text.slice(-2 * limit) : text);
  return points.length <= limit ? points.join('') : points.slice(-limit).join('');
}

/**
 * Plain text of any length made one line and bounded: the cut happens on the raw text first,
 * so a hostile megabyte costs no more than a short selection.
 */
function cleanCut(raw: string, limit: number, keep: 'start' | 'end'): string {
  const bounded = keep === 'start' ? raw.slice(0, limit * 4) : raw.slice(-limit * 4);
  const clean = cleanPlainText(bounded);
  return keep === 'start' ? firstChars(clean, limit) : lastChars(clean, limit);
}

/**
 * Reads the optional `anchor` of a post. Long quotes and contexts are cut to their limits,
 * never refused; a passage id is checked as a page id is. An anchor naming neither a passage
 * nor any text is no anchor.
 */
export function readAnchor(r: FieldReader): CommentAnchor | null {
  const raw = r.raw('anchor');
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    r.add({ field: 'anchor', issue: 'wrong_type' });
    return null;
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (!ANCHOR_KEYS.includes(key)) r.add({ field: `anchor.${key}`, issue: 'unknown_field' });
  const text = (key: string): string | null => {
    const value = record[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      r.add({ field: `anchor.${key}`, issue: 'wrong_type' });
      return null;
    }
    return value;
  };
  const passageRaw = text('passageId');
  let passageId: string | null = null;
  if (passageRaw !== null) {
    passageId = normalizePageId(passageRaw);
    const issue = pageIdIssue(passageId);
    if (issue === 'too_long') r.add({ field: 'anchor.passageId', issue, limit: LIMITS.maxPageIdChars });
    else if (issue !== null) r.add({ field: 'anchor.passageId', issue });
  }
  const quote = cleanCut(text('quote') ?? '', LIMITS.maxQuoteChars, 'start');
  const before = cleanCut(text('before') ?? '', LIMITS.maxQuoteContextChars, 'end');
  const after = cleanCut(text('after') ?? '', LIMITS.maxQuoteContextChars, 'start');
  if (passageId === null && quote === '') return null;
  return { passageId, quote, before: quote === '' ? '' : before, after: quote === '' ? '' : after };
}

/**
 * The anchor kept under the site's settings: with quoting of any text turned off, feedback on
 * a marked passage stays, and a quote of other text is dropped (the comment is kept as a
 * normal one).
 */
export function anchorAllowed(
  anchor: CommentAnchor | null,
  settings: { isQuotingEnabled: boolean },
): CommentAnchor | null {
  if (anchor === null || settings.isQuotingEnabled || anchor.passageId !== null) return anchor;
  return null;
}
