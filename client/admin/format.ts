// Owns how the dashboard writes dates: relative while recent, with the full date in the tooltip.
import { h } from '../dom';
import { formatCommentTime } from '../format-time';
import { messages } from './messages';

const LOCALE = 'en';

export function timeElement(iso: string, nowMs = Date.now(), className = 'when'): HTMLTimeElement {
  const text = formatCommentTime(iso, nowMs, LOCALE, messages.time.justNow);
  return h('time', { class: className, datetime: iso, title: text.full, 'data-at': iso }, text.short);
}

/** A future date (a ban's end) as a plain date and time. */
export function dateElement(iso: string): HTMLTimeElement {
  const at = Date.parse(iso);
  const text = Number.isNaN(at)
    ? iso
    : new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return h('time', { datetime: iso }, text);
}

/** Rewrites relative times under `root`, so "just now" does not stay "just now". */
export function refreshTimes(root: ParentNode, nowMs = Date.now()): void {
  for (const time of Array.from(root.querySelectorAll<HTMLTimeElement>('time[data-at]'))) {
    time.textContent = formatCommentTime(time.dataset.at ?? '', nowMs, LOCALE, messages.time.justNow).short;
  }
}
