// Owns the pure rules that hold comments back: word lists, link counts, pre-moderation, readers' reports, closed threads.
import type { ModerationSettings } from './moderation-settings';

/** Why a comment waits in the Pending queue. */
export type HeldReason = 'all' | 'first' | 'links' | 'watched' | 'reports' | 'spam-check';

/** One open report, as far as deciding whether reports hide a comment needs to know. */
export interface ReportSource {
  /** The reporter's network (keyed hash); null when unknown. */
  network: string | null;
  reportedAtMs: number;
  /** When the reporter's identity was first seen; null when never (it is then new). */
  reporterFirstSeenMs: number | null;
}

/** Lower-cases and strips accents, so "Café" and "cafe" compare equal. */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function wordsOf(text: string): string[] {
  return foldForMatching(text).match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * Listed phrases by their words, one word per level, with fallbacks (Aho–Corasick over
 * words): a text is matched in one pass over its words, each looked up about once, however
 * many entries the list has and however long they are.
 */
interface PhraseNode {
  next: Map<string, PhraseNode>;
  /** Where matching goes on when the next word does not follow: the longest proper suffix of this path that is a path too. */
  fallback: PhraseNode | null;
  /** Position in the list of the first entry that ends here or at one of the fallbacks; Infinity if none. */
  firstEntry: number;
}

const newNode = (): PhraseNode => ({ next: new Map(), fallback: null, firstEntry: Infinity });

function phraseMatcherOf(list: readonly string[]): PhraseNode {
  const root = newNode();
  list.forEach((entry, index) => {
    const phrase = wordsOf(entry);
    if (phrase.length === 0) return;
    let node = root;
    for (const word of phrase) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = newNode()));
      node = child;
    }
    node.firstEntry = Math.min(node.firstEntry, index);
  });
  // Breadth first: a node's fallback is shallower, so it is complete before the node's own.
  const queue: PhraseNode[] = [];
  for (const child of root.next.values()) {
    child.fallback = root;
    queue.push(child);
  }
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i];
    for (const [word, child] of parent.next) {
      let fallback = parent.fallback;
      while (fallback !== null && !fallback.next.has(word)) fallback = fallback.fallback;
      child.fallback = fallback?.next.get(word) ?? root;
      child.firstEntry = Math.min(child.firstEntry, child.fallback.firstEntry);
      queue.push(child);
    }
  }
  return root;
}

// Settings lists are replaced whole when a moderator saves, never changed in place, so each
// list's matcher is built once.
const phraseMatchers = new WeakMap<readonly string[], PhraseNode>();

/**
 * The first listed word or phrase that occurs as whole words in the text, or null. Trying
 * every entry at every word cost the list's length times the text's: two seconds for a long
 * body against a full list of long phrases.
 */
export function findListedWord(text: string, list: readonly string[]): string | null {
  if (list.length === 0) return null;
  let root = phraseMatchers.get(list);
  if (!root) phraseMatchers.set(list, (root = phraseMatcherOf(list)));
  let node = root;
  let first = Infinity;
  for (const word of wordsOf(text)) {
    while (node !== root && !node.next.has(word)) node = node.fallback ?? root;
    node = node.next.get(word) ?? root;
    first = Math.min(first, node.firstEntry);
    if (first === 0) break;
  }
  return first === Infinity ? null : list[first];
}

/** Links in sanitized comment markup. */
export function countLinks(bodyHtml: string): number {
  return (bodyHtml.match(/<a\s/g) ?? []).length;
}

export interface HoldInput {
  settings: ModerationSettings;
  linkCount: number;
  /** No published comment by this author yet (or the author has no identity). */
  isFirstComment: boolean;
  watchedWord: string | null;
}

/** Why a new comment must wait for a moderator, or null to publish it at once. */
export function holdReasonFor({ settings, linkCount, isFirstComment, watchedWord }: HoldInput): HeldReason | null {
  if (settings.premoderation === 'all') return 'all';
  if (watchedWord !== null) return 'watched';
  if (settings.premoderation === 'first' && isFirstComment) return 'first';
  if (settings.premoderation === 'links' && linkCount > 0) return 'links';
  return null;
}

/** Closed by a moderator, or by age unless a moderator reopened it since. */
export function isThreadClosed(
  thread: { isClosed: boolean; isReopened: boolean; createdAtMs: number },
  settings: ModerationSettings,
  nowMs: number,
): boolean {
  if (thread.isClosed) return true;
  if (thread.isReopened) return false;
  return settings.autoCloseDays !== null && nowMs >= thread.createdAtMs + settings.autoCloseDays * 86_400_000;
}

/**
 * Open reports that count toward hiding a comment: one per network, and only from readers
 * first seen at least `newForMs` before they reported. Free tokens from one address cannot
 * hide a comment however many there are. Reports without a known network share one.
 */
export function countHidingReports(reports: readonly ReportSource[], newForMs: number): number {
  const networks = new Set<string | null>();
  for (const r of reports) {
    const isEstablished = r.reporterFirstSeenMs !== null && r.reporterFirstSeenMs <= r.reportedAtMs - newForMs;
    if (isEstablished) networks.add(r.network);
  }
  return networks.size;
}
