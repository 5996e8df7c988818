// Owns the script-tag entry: where the server is, which elements to mount on, what they show, and window.Parley.
import type { OpenThreadRequest } from '../server/protocol/dto';
import { languageOf } from './languages';
import { pageOf } from './page';
import type { BubbleSide } from './views/bubble';
import { mountWidget, type Theme, type WidgetOptions } from './widget';

// Only valid while the script first runs (it is loaded async, so this is the one moment to ask).
const ownScript = document.currentScript as HTMLScriptElement | null;

const MOUNT_SELECTOR = '#parley, [data-parley]';

function serverOrigin(): string {
  const src = ownScript?.src || document.querySelector<HTMLScriptElement>('script[src$="/widget.js"]')?.src;
  try {
    if (src) return new URL(src).origin;
  } catch {
    // Fall through to the page's own origin.
  }
  return location.origin;
}

function themeOf(value: string | undefined): Theme {
  return value === 'light' || value === 'dark' ? value : 'auto';
}

function bubbleOf(value: string | undefined): BubbleSide | undefined {
  return value === 'off' || value === 'left' || value === 'right' ? value : undefined;
}

export interface MountOptions {
  pageId: string;
  url?: string;
  title?: string;
  lang?: string;
  theme?: Theme;
  /** The floating comment bubble: 'off', or the corner it sits in. */
  bubble?: BubbleSide;
}

export interface ParleyInstance {
  switchPage(page: { pageId: string; url?: string; title?: string }): void;
  unmount(): void;
}

const mounted = new WeakMap<Element, ParleyInstance>();
const origin = serverOrigin();

function pageFrom(options: { pageId: string; url?: string; title?: string }): OpenThreadRequest {
  const page: OpenThreadRequest = { pageId: options.pageId };
  if (options.url) page.url = options.url;
  if (options.title) page.title = options.title;
  return page;
}

function mountOn(el: HTMLElement, choices: Omit<WidgetOptions, 'origin'>): ParleyInstance {
  const widget = mountWidget(el, { origin, ...choices });
  const instance: ParleyInstance = {
    switchPage: (next) => widget.switchPage(pageFrom(next)),
    unmount() {
      widget.unmount();
      mounted.delete(el);
    },
  };
  mounted.set(el, instance);
  return instance;
}

/** Mounts on an element the site chose; a second call on the same element gives the same instance. */
function mount(el: HTMLElement, options: MountOptions): ParleyInstance {
  const existing = mounted.get(el);
  if (existing) return existing;
  return mountOn(el, {
    page: pageFrom(options),
    lang: languageOf(el, options.lang),
    theme: themeOf(options.theme ?? el.dataset.theme),
    bubble: bubbleOf(options.bubble ?? el.dataset.bubble),
  });
}

function mountAll(): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(MOUNT_SELECTOR))) {
    // A second copy of the script, or a second pass after DOMContentLoaded, must not mount twice.
    if (mounted.has(el) || el.shadowRoot) continue;
    mountOn(el, {
      page: pageOf(el),
      lang: languageOf(el),
      theme: themeOf(el.dataset.theme),
      bubble: bubbleOf(el.dataset.bubble),
    });
  }
}

const api = { mount };
declare global {
  interface Window {
    Parley?: typeof api;
  }
}
// A second copy of the script keeps the first one's API, and the elements it knows about.
if (!window.Parley) window.Parley = api;

mountAll();
// An async script can run before the parser reaches every mount point.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll, { once: true });
