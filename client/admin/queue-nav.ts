// Owns the queue sidebar: one button per queue with its live count, and which queue is open.
import { h } from '../dom';
import type { QueueCounts, QueueName } from './api-types';
import { QUEUES } from './queue-rules';
import { messages } from './messages';

export interface QueueNav {
  element: HTMLElement;
  setCounts(counts: QueueCounts): void;
  markCurrent(queue: QueueName): void;
}

export function createQueueNav(onSelect: (queue: QueueName) => void): QueueNav {
  const m = messages.queues;
  const buttons = new Map<QueueName, { button: HTMLButtonElement; count: HTMLElement }>();
  const list = h('ul', { class: 'queue-list' });
  for (const queue of QUEUES) {
    const count = h('span', { class: 'count', 'data-count': queue }, '–');
    const button = h(
      'button',
      { type: 'button', class: 'queue-button', 'data-queue': queue, onclick: () => onSelect(queue) },
      h('span', { class: 'queue-name' }, m.names[queue]),
      ' ',
      count,
    );
    buttons.set(queue, { button, count });
    list.appendChild(h('li', null, button));
  }
  return {
    element: h('nav', { class: 'queue-nav', 'aria-label': m.label }, list),
    setCounts(counts) {
      for (const [queue, { button, count }] of buttons) {
        count.textContent = String(counts[queue]);
        count.title = m.count(queue, counts[queue]);
        button.classList.toggle('has-items', counts[queue] > 0);
      }
    },
    markCurrent(current) {
      for (const [queue, { button }] of buttons) {
        if (queue === current) button.setAttribute('aria-current', 'true');
        else button.removeAttribute('aria-current');
      }
    },
  };
}
