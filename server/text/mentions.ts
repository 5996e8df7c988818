// Owns @mentions: pure functions that find `@Name` of a thread's authors in a comment and link them to
// that author's latest comment, and read back from a stored body whom it mentions.
import { sanitizeMarkup } from './sanitize';

/** An author a comment may mention: their display name and their latest comment on the thread. */
export interface MentionTarget {
  name: string;
  commentId: number;
}

export interface Mention {
  /** Where the `@` is, and where the name ends (exclusive). */
  start: number;
  end: number;
  commentId: number;
}

/** The longest display name a mention matches; longer names are not offered. */
export const MAX_MENTION_NAME_CHARS = 80;

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/**
 * The targets by name, case-insensitively: one comment per name, the latest. Names that cannot be
 * told from text around them (empty, too long, starting with a space) are left out.
 */
export function mentionTargets(comments: readonly { id: number; authorName: string }[]): MentionTarget[] {
  const latest = new Map<string, MentionTarget>();
  for (const { id, authorName } of comments) {
    const name = authorName.trim();
    if (name === '' || name.length > MAX_MENTION_NAME_CHARS) continue;
    const key = name.toLocaleLowerCase();
    const known = latest.get(key);
    if (known === undefined || known.commentId < id) latest.set(key, { name, commentId: id });
  }
  return [...latest.values()];
}

/**
 * Every `@Name` in the text that names a target: case-insensitive, the longest name that fits
 * ("@Ada Lovelace" is Ada Lovelace, not Ada, when both wrote), at the start or after a character
 * that is not a letter or digit (an address like a@b.c mentions nobody), and not followed by one.
 */
export function findMentions(text: string, targets: readonly MentionTarget[]): Mention[] {
  if (targets.length === 0 || !text.includes('@')) return [];
  const sorted = targets
    .map((t) => ({ ...t, lower: t.name.toLocaleLowerCase() }))
    .sort((a, b) => b.lower.length - a.lower.length);
  const lowerText = text.toLocaleLowerCase();
  const found: Mention[] = [];
  let at = lowerText.indexOf('@');
  while (at !== -1) {
    let next = at + 1;
    if (!isWordChar(text[at - 1])) {
      for (const target of sorted) {
        const end = at + 1 + target.lower.length;
        if (lowerText.startsWith(target.lower, at + 1) && !isWordChar(text[end])) {
          found.push({ start: at, end, commentId: target.commentId });
          next = end;
          break;
        }
      }
    }
    at = lowerText.indexOf('@', next);
  }
  return found;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NO_MENTION_INSIDE = /^<(\/?)(a|code|pre)[\s>]/;

/** The permalink a mention links to: the widget opens the comment it names. */
export const mentionHref = (commentId: number) => `#comment-${commentId}`;

/**
 * Sanitized comment HTML with each mention in its text (outside links and code) made a link to the
 * mentioned author's latest comment, then held to the one policy again.
 */
export function linkMentions(sanitized: string, targets: readonly MentionTarget[]): string {
  if (targets.length === 0 || !sanitized.includes('@')) return sanitized;
  // Text in sanitized HTML is escaped: names are looked for as they appear there.
  const escaped = targets.map((t) => ({ name: escapeText(t.name), commentId: t.commentId }));
  let insideDepth = 0;
  let isChanged = false;
  const linked = sanitized
    .split(/(<[^<>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        const tag = NO_MENTION_INSIDE.exec(part);
        if (tag) insideDepth += tag[1] === '/' ? -1 : 1;
        return part;
      }
      if (insideDepth > 0) return part;
      const mentions = findMentions(part, escaped);
      if (mentions.length === 0) return part;
      isChanged = true;
      let out = '';
      let from = 0;
      for (const m of mentions) {
        out += `${part.slice(from, m.start)}<a href="${mentionHref(m.commentId)}">${part.slice(m.start, m.end)}</a>`;
        from = m.end;
      }
      return out + part.slice(from);
    })
    .join('');
  return isChanged ? sanitizeMarkup(linked) : sanitized;
}

/** The comments a stored body mentions (links to a comment of the page), each once, in order. */
export function mentionedCommentIds(bodyHtml: string): number[] {
  const ids = [...bodyHtml.matchAll(/<a href="#comment-(\d{1,15})"/g)].map((m) => Number(m[1]));
  return [...new Set(ids)];
}
