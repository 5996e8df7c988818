// Owns choosing the widget's language: English ships in the script, others come as chunks when a page asks for them.
import { en } from './messages/en';
import type { Messages } from './messages/catalog';

/** Each chunk exports its catalog under its language's subtag (`ar`). */
type CatalogModule = Record<string, Messages | undefined>;

/** Languages with a catalog chunk under /modules/, by primary subtag. */
const CHUNKED = new Set(['ar']);

/** data-lang on the container, else the nearest lang attribute, else the document's, else English. */
export function languageOf(el: HTMLElement, explicit?: string): string {
  const chosen = explicit || el.dataset.lang || el.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
  return chosen ? chosen.trim() : 'en';
}

export async function loadMessages(lang: string, origin: string): Promise<Messages> {
  const primary = lang.toLowerCase().split('-')[0];
  if (!CHUNKED.has(primary)) return en;
  try {
    const module = (await import(`${origin}/modules/lang-${primary}.js`)) as CatalogModule;
    return module[primary] ?? en;
  } catch {
    // A missing chunk should cost the translation, not the comments.
    return en;
  }
}
