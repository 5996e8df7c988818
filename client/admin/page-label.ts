// Owns how the dashboard names a page and links to it: only an address one of the site's own pages sent is a link.
import { h } from '../dom';
import { toSafeHref } from '../safe-html';
import type { ThreadRef } from './api-types';
import { messages } from './messages';

type PageFacts = Pick<ThreadRef, 'pageId' | 'url' | 'title' | 'isPageVerified'>;

/**
 * The page's name: its title when a page of the site sent it, else its id. Whoever opens a
 * page id first may send any title and address; those are shown apart, as claims.
 */
export function pageNameOf(thread: PageFacts): string {
  if (thread.isPageVerified && thread.title && thread.title.trim() !== '') return thread.title;
  return messages.item.untitled(thread.pageId);
}

/** A link to the page, only for an address a page of the site sent. */
export function pageHrefOf(thread: PageFacts): string | null {
  return thread.isPageVerified && thread.url ? toSafeHref(thread.url) : null;
}

/** "Address not verified" with what was claimed, as text; null for a verified page or one that claimed nothing. */
export function unverifiedNote(thread: PageFacts): HTMLElement | null {
  if (thread.isPageVerified || (thread.url === null && thread.title === null)) return null;
  const m = messages.item;
  return h(
    'span',
    { class: 'unverified-page' },
    h('span', { class: 'chip unverified', title: m.unverifiedPageHint }, m.unverifiedPage),
    h('span', { class: 'visually-hidden' }, ` ${m.unverifiedPageHint}`),
    thread.title !== null ? h('span', { class: 'claimed' }, m.claimedTitle(thread.title)) : null,
    thread.url !== null ? h('span', { class: 'claimed' }, m.claimedUrl(thread.url)) : null,
  );
}
