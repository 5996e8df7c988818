// Owns the counts script for listing pages: fills every [data-parley-count] element with its
// page's comment count in one request, then keeps the counts live over server-sent events.
import { countLabel } from './messages/count-labels';

const script = document.currentScript as HTMLScriptElement | null;
const MAX_PER_REQUEST = 100;

function start(): void {
  if (!script?.src) return;
  const origin = new URL(script.src).origin;
  const elements = [...document.querySelectorAll<HTMLElement>('[data-parley-count]')];
  const byPage = new Map<string, HTMLElement[]>();
  for (const el of elements) {
    const pageId = el.dataset.parleyCount?.trim();
    if (!pageId) continue;
    byPage.set(pageId, [...(byPage.get(pageId) ?? []), el]);
  }
  const pageIds = [...byPage.keys()];
  const fill = (counts: Record<string, number>) => {
    for (const [pageId, count] of Object.entries(counts)) {
      for (const el of byPage.get(pageId) ?? []) {
        const lang = el.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? 'en';
        el.textContent = countLabel(lang || 'en', count);
        el.dataset.parleyCountValue = String(count);
      }
    }
  };
  for (let i = 0; i < pageIds.length; i += MAX_PER_REQUEST) {
    const query = pageIds
      .slice(i, i + MAX_PER_REQUEST)
      .map((id) => `pageId=${encodeURIComponent(id)}`)
      .join('&');
    // The live stream sends the current counts first, so a browser with EventSource needs no fetch.
    if (typeof EventSource === 'function') {
      const stream = new EventSource(`${origin}/api/counts/live?${query}`);
      stream.addEventListener('counts', (event) => fill(JSON.parse((event as MessageEvent<string>).data)));
      window.addEventListener('pagehide', () => stream.close(), { once: true });
    } else {
      fetch(`${origin}/api/counts?${query}`)
        .then((res) => (res.ok ? res.json() : null))
        .then((body: { counts: Record<string, number> } | null) => body && fill(body.counts))
        .catch(() => undefined);
    }
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
