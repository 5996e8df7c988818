// Owns which page a mount point belongs to: its id, address and title, from data-* or the document.
import type { OpenThreadRequest } from '../server/protocol/dto';
import { CLIENT_LIMITS, charCount } from './limits';

function canonicalUrl(): string | null {
  const href = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  return href ? href : null;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads the page's identity from data-* attributes, falling back to the canonical link and the location. */
export function pageOf(el: HTMLElement): OpenThreadRequest {
  const here = canonicalUrl() ?? location.origin + location.pathname;
  const pageId = el.dataset.pageId?.trim() || here;
  const url = el.dataset.pageUrl?.trim() || here;
  const title = (el.dataset.pageTitle ?? document.title).trim();
  const request: OpenThreadRequest = { pageId };
  // The server refuses what it cannot link to or store; better to omit a detail than lose the thread.
  if (isHttpUrl(url) && charCount(url) <= CLIENT_LIMITS.maxUrlChars) request.url = url;
  // Cut as the server counts: code points of the NFC form.
  if (title !== '') request.title = [...title.normalize('NFC')].slice(0, CLIENT_LIMITS.maxTitleChars).join('');
  return request;
}
