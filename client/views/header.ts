// Owns the thread header: the live comment count, the sort tabs and the connection notice.
import { h } from '../dom';
import type { ReadMessages } from '../messages/catalog';

export interface HeaderView {
  element: HTMLElement;
  /** The heading, focusable so focus has somewhere sensible to go when its comment disappears. */
  title: HTMLHeadingElement;
  setCount(count: number | null): void;
  /** The connection notice; empty hides it. The live part words it: only it knows the connection. */
  setStatus(text: string): void;
}

export function createHeader(messages: ReadMessages, tabs: HTMLElement): HeaderView {
  const title = h('h2', { class: 'count', tabindex: '-1' }, messages.regionLabel);
  // Kept in the tree while empty (hidden by CSS) so screen readers hear it when it fills.
  const status = h('p', { class: 'status', role: 'status' });
  const element = h('header', { class: 'head' }, title, tabs, status);
  return {
    element,
    title,
    setCount(count) {
      title.textContent = count === null ? messages.regionLabel : messages.commentCount(count);
    },
    setStatus(text) {
      status.textContent = text;
    },
  };
}
