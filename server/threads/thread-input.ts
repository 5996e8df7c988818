// Owns parsing of the open-thread request (page id, and the page's URL and title for display).
import type { SortOrder } from '../protocol/dto';
import { readPaging } from '../validation/paging';
import { LIMITS } from '../protocol/limits';
import { cleanPlainText, isLongerThan } from '../text/plain-text';
import { FieldReader, type FieldIssue } from '../validation/fields';

export interface OpenThreadInput {
  pageId: string;
  url: string | null;
  title: string | null;
}

export interface OpenThreadRequestInput {
  page: OpenThreadInput;
  sort: SortOrder;
  limit: number | null;
}

export function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function parseOpenThread(raw: unknown): OpenThreadRequestInput {
  const r = new FieldReader(raw, ['pageId', 'url', 'title', 'sort', 'limit']);
  const paging = readPaging(r);
  const pageId = parsePageId(r.string('pageId'), r);

  const urlRaw = r.string('url', { isOptional: true })?.trim() ?? '';
  if (isLongerThan(urlRaw, LIMITS.maxUrlChars)) r.add({ field: 'url', issue: 'too_long', limit: LIMITS.maxUrlChars });
  else if (urlRaw !== '' && !isAbsoluteHttpUrl(urlRaw)) r.add({ field: 'url', issue: 'invalid' });

  const titleRaw = r.string('title', { isOptional: true });
  const title = titleRaw === undefined ? '' : cleanPlainText(titleRaw);
  // A character may carry any number of combining marks: the stored text is bounded as well, at four units a character.
  if (isLongerThan(title, LIMITS.maxTitleChars) || title.length > LIMITS.maxTitleChars * 4)
    r.add({ field: 'title', issue: 'too_long', limit: LIMITS.maxTitleChars });

  r.finish();
  return {
    page: { pageId: pageId ?? '', url: urlRaw === '' ? null : urlRaw, title: title === '' ? null : title },
    ...paging,
  };
}

// C0 and C1 controls, and lone surrogates: those have no UTF-8 form, so SQLite keeps bytes
// that read back as three U+FFFD, and the thread would show another id than the one asked.
const REFUSED_IN_PAGE_ID =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The form a page id is stored and looked up in: trimmed and NFC-normalized, so a page whose
 * id has an accented letter is one thread whether the letter came composed or decomposed.
 */
export function normalizePageId(raw: string): string {
  return raw.trim().normalize('NFC');
}

/** What is wrong with a normalized page id, or null when nothing is. */
export function pageIdIssue(pageId: string): Extract<FieldIssue, 'required' | 'too_long' | 'invalid'> | null {
  if (pageId === '') return 'required';
  if (isLongerThan(pageId, LIMITS.maxPageIdChars)) return 'too_long';
  if (REFUSED_IN_PAGE_ID.test(pageId)) return 'invalid';
  return null;
}

/** Page ids are opaque strings chosen by the site owner (often the canonical URL). */
export function parsePageId(raw: string | undefined, r: FieldReader): string | undefined {
  if (raw === undefined) return undefined;
  const pageId = normalizePageId(raw);
  const issue = pageIdIssue(pageId);
  if (issue === 'too_long') r.add({ field: 'pageId', issue, limit: LIMITS.maxPageIdChars });
  else if (issue !== null) r.add({ field: 'pageId', issue });
  return pageId;
}
