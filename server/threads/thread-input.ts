// Owns parsing of the open-thread request (page id, and the page's URL and title for display).
import type { SortOrder } from '../comments/comment';
import { readPaging } from '../comments/comment-input';
import { LIMITS } from '../protocol/limits';
import { cleanPlainText, isLongerThan } from '../text/plain-text';
import { FieldReader } from '../validation/fields';

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
  if (urlRaw.length > LIMITS.maxUrlChars) r.add({ field: 'url', issue: 'too_long', limit: LIMITS.maxUrlChars });
  else if (urlRaw !== '' && !isAbsoluteHttpUrl(urlRaw)) r.add({ field: 'url', issue: 'invalid' });

  const titleRaw = r.string('title', { isOptional: true });
  const title = titleRaw === undefined ? '' : cleanPlainText(titleRaw);
  // A character may carry any number of combining marks: the stored text is bounded as well, at four units a character.
  if (isLongerThan(title, LIMITS.maxTitleChars) || title.length > LIMITS.maxTitleChars * 4) r.add({ field: 'title', issue: 'too_long', limit: LIMITS.maxTitleChars });

  r.finish();
  return {
    page: { pageId: pageId ?? '', url: urlRaw === '' ? null : urlRaw, title: title === '' ? null : title },
    ...paging,
  };
}

/** Page ids are opaque strings chosen by the site owner (often the canonical URL). */
export function parsePageId(raw: string | undefined, r: FieldReader): string | undefined {
  if (raw === undefined) return undefined;
  const pageId = raw.trim();
  if (pageId === '') r.add({ field: 'pageId', issue: 'required' });
  else if (pageId.length > LIMITS.maxPageIdChars) r.add({ field: 'pageId', issue: 'too_long', limit: LIMITS.maxPageIdChars });
  else if (/[\u0000-\u001f\u007f]/.test(pageId)) r.add({ field: 'pageId', issue: 'invalid' });
  return pageId;
}
