// Owns what an audit entry acts on: which record to look up, and how to name it in a few words of plain text (pure).
import type { Moderator } from '../accounts/account-store';
import type { Ban, BanKind } from '../bans/ban';
import type { Comment } from '../comments/comment';
import { cleanPlainText, textOfMarkup } from '../text/plain-text';
import type { Thread } from '../threads/thread';
import type { AuditEntry } from './moderation-store';

/** The record an entry's target names: `author` entries name the comment the action started from. */
export type AuditTargetRef = { type: 'comment' | 'ban' | 'thread' | 'moderator'; id: number } | null;

/** That record as it is now (null inside when it no longer exists). */
export type AuditTargetNow =
  | { type: 'comment'; comment: Comment | null }
  | { type: 'ban'; ban: Ban | null }
  | { type: 'thread'; thread: Thread | null }
  | { type: 'moderator'; moderator: Pick<Moderator, 'displayName'> | null }
  | null;

/** Excerpts stop near this many characters (code points), at a word when one ends close by. */
export const EXCERPT_CHARS = 60;
/** An identity's or an address's hash is shown by its first digits, as everywhere in the dashboard. */
const HASH_DIGITS = 16;

export function targetRefOf(entry: Pick<AuditEntry, 'targetType' | 'targetId'>): AuditTargetRef {
  if (!/^\d{1,15}$/.test(entry.targetId)) return null;
  const id = Number(entry.targetId);
  switch (entry.targetType) {
    case 'comment':
    case 'author':
      return { type: 'comment', id };
    case 'ban':
    case 'thread':
    case 'moderator':
      return { type: entry.targetType, id };
    default:
      return null;
  }
}

/**
 * The text cleaned as plain text (invisible and control characters gone, white space folded),
 * cut after about `maxChars` characters at the end of a word, with an ellipsis when cut.
 * Null when nothing is left.
 */
export function excerptOf(text: string, maxChars = EXCERPT_CHARS): string | null {
  const clean = cleanPlainText(text);
  if (clean === '') return null;
  const chars = Array.from(clean);
  if (chars.length <= maxChars) return clean;
  let cut = chars.slice(0, maxChars).join('');
  const lastSpace = cut.lastIndexOf(' ');
  // Cut at a word's end, unless that throws most of the excerpt away (one very long word).
  if (lastSpace >= maxChars / 2) cut = cut.slice(0, lastSpace);
  return `${cut.replace(/[\s.,;:!?-]+$/u, '')}…`;
}

/** The target named in a few words: what the dashboard shows beside "Comment #12". */
export function describeTarget(target: AuditTargetNow): { targetExcerpt: string | null; banKind: BanKind | null } {
  if (target === null) return { targetExcerpt: null, banKind: null };
  switch (target.type) {
    case 'comment': {
      const c = target.comment;
      // An author's deletion takes the text with it; a moderator's removal keeps it for moderators.
      return {
        targetExcerpt: c === null || c.status === 'deleted' ? null : excerptOf(textOfMarkup(c.bodyHtml)),
        banKind: null,
      };
    }
    case 'ban': {
      const ban = target.ban;
      if (ban === null) return { targetExcerpt: null, banKind: null };
      const value = ban.kind === 'email' ? ban.value : ban.value.slice(0, HASH_DIGITS);
      return { targetExcerpt: excerptOf(value), banKind: ban.kind };
    }
    case 'thread': {
      const t = target.thread;
      if (t === null) return { targetExcerpt: null, banKind: null };
      // A title only some opener claimed is not the page's name (see "Page addresses" in the admin API).
      const name = t.isPageVerified && t.title !== null && t.title.trim() !== '' ? t.title : t.pageId;
      return { targetExcerpt: excerptOf(name), banKind: null };
    }
    case 'moderator':
      return {
        targetExcerpt: target.moderator === null ? null : excerptOf(target.moderator.displayName),
        banKind: null,
      };
  }
}
