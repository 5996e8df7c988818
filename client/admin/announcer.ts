// Owns the polite status region: one place that tells screen readers and sighted moderators what just happened.
import { h } from '../dom';

export interface Announcer {
  element: HTMLElement;
  say(text: string, tone?: 'ok' | 'error'): void;
}

/** Long enough to read a sentence; the text stays in the region for assistive technology history. */
const VISIBLE_MS = 6000;

export function createAnnouncer(): Announcer {
  const text = h('span', { class: 'toast-text' });
  const element = h(
    'div',
    { class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-visible': 'false' },
    text,
  );
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    element,
    say(message, tone = 'ok') {
      // Re-setting equal text is not announced again; clearing first makes repeats heard.
      text.textContent = '';
      element.dataset.tone = tone;
      element.dataset.visible = 'true';
      clearTimeout(writeTimer);
      writeTimer = setTimeout(() => {
        text.textContent = message;
      }, 50);
      clearTimeout(hideTimer);
      hideTimer = setTimeout(() => {
        element.dataset.visible = 'false';
      }, VISIBLE_MS);
    },
  };
}
