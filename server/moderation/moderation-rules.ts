// Owns the pure rules that hold comments back: word lists, link counts, pre-moderation, readers' reports, closed threads.
import type { HeldReason } from '../comments/comment';
import type { ModerationSettings } from './moderation-settings';
import type { ReportSource } from './moderation-store';

/** Lower-cases and strips accents, so "Café" and "cafe" compare equal. */
export function foldForMatching(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

function wordsOf(text: string): string[] {
  return foldForMatching(text).match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? [];
}

/** The first listed word or phrase that occurs as whole words in the text, or null. */
export function findListedWord(text: string, list: readonly string[]): string | null {
  if (list.length === 0) return null;
  const words = wordsOf(text);
  for (const entry of list) {
    const phrase = wordsOf(entry);
    if (phrase.length === 0) continue;
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (phrase.every((w, j) => words[i + j] === w)) return entry;
    }
  }
  return null;
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
