// Owns the comment bubble's first-render part: a bare button that can start the widget; the live part does the rest.
import { h } from '../dom';
import { enRead } from '../messages/en-read';

export type BubbleSide = 'off' | 'left' | 'right';

export interface Dock {
  element: HTMLElement;
  button: HTMLButtonElement;
  /** The reader asked for the form before the live part could give it; the live part gives it on arrival. */
  isFormWanted: boolean;
  /** What activating the button does; each start, then the live part, replace it. */
  activate(): void;
}

/** Unset side: the end corner of the page's reading direction. A chosen side is physical, so it is laid out left to right. */
export function createDock(side: BubbleSide | undefined, theme: string): Dock | null {
  if (side === 'off') return null;
  // English until the live part brings the page's catalog; the lang attribute says so to screen readers.
  const button = h('button', {
    type: 'button',
    class: 'bubble',
    lang: 'en',
    'aria-label': enRead.bubble.label(null),
    onclick: () => dock.activate(),
  });
  const dock: Dock = {
    element: h('div', { class: 'dock', 'data-side': side, 'data-theme': theme, dir: side && 'ltr' }, button),
    button,
    isFormWanted: false,
    activate() {},
  };
  return dock;
}
