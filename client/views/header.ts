// Owns the thread header: the live comment count and the connection notice.
import { h } from '../dom';
import type { LiveStatus } from '../live';
import type { Messages } from '../messages/catalog';

export interface HeaderView {
  element: HTMLElement;
  setCount(count: number | null): void;
  setStatus(status: LiveStatus): void;
}

export function createHeader(messages: Messages): HeaderView {
  const title = h('h2', { class: 'count' }, messages.regionLabel);
  // Kept in the tree while empty (hidden by CSS) so screen readers hear it when it fills.
  const status = h('p', { class: 'status', role: 'status' });
  const element = h('header', { class: 'head' }, title, status);
  return {
    element,
    setCount(count) {
      title.textContent = count === null ? messages.regionLabel : messages.commentCount(count);
    },
    setStatus(value) {
      const text = value === 'offline' ? messages.reconnecting : value === 'refused' ? messages.refused : '';
      status.textContent = text;
    },
  };
}
