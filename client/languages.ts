// Owns choosing the widget's language: English's first-render half ships in the script, other languages come as chunks when a page asks for them.
import type { LiveMessages, Messages, ReadMessages } from './messages/catalog';
import { enRead } from './messages/en-read';

/** Each chunk exports its whole catalog under its language's subtag (`ar`). */
type CatalogModule = Record<string, Messages | undefined>;

export interface LoadedMessages {
  read: ReadMessages;
  /** The live part's half when the language's chunk brought it; null for English, whose half comes with the live part. */
  live: LiveMessages | null;
}

const ENGLISH: LoadedMessages = { read: enRead, live: null };

/** Languages with a catalog chunk under /modules/, by primary subtag. */
const CHUNKED = new Set(['ar']);

/** data-lang on the container, else the nearest lang attribute, else the document's, else English. */
export function languageOf(el: HTMLElement, explicit?: string): string {
  const chosen =
    explicit || el.dataset.lang || el.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
  return chosen ? chosen.trim() : 'en';
}

export async function loadMessages(lang: string, origin: string): Promise<LoadedMessages> {
  const primary = lang.toLowerCase().split('-')[0];
  if (!CHUNKED.has(primary)) return ENGLISH;
  try {
    const catalog = ((await import(`${origin}/modules/lang-${primary}.js`)) as CatalogModule)[primary];
    return catalog ? { read: catalog, live: catalog } : ENGLISH;
  } catch {
    // A missing chunk should cost the translation, not the comments.
    return ENGLISH;
  }
}
