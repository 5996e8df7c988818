// Owns the script-tag entry: where the server is, which elements to mount on, and what page they belong to.
import { en } from './messages/en';
import { pageOf } from './page';
import { mountWidget } from './widget';

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

const mounted = new WeakSet<Element>();

function mountAll(): void {
  const origin = serverOrigin();
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(MOUNT_SELECTOR))) {
    // A second copy of the script, or a second pass after DOMContentLoaded, must not mount twice.
    if (mounted.has(el) || el.shadowRoot) continue;
    mounted.add(el);
    mountWidget(el, { origin, page: pageOf(el), messages: en });
  }
}

mountAll();
// An async script can run before the parser reaches every mount point.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll, { once: true });
