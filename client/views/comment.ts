// Owns how one comment looks: avatar, author, time, the body through the allow-list, and its Reply button.
import type { PublicComment } from '../../server/protocol/dto';
import { avatarColourOf, initialsOf } from '../avatar';
import { h } from '../dom';
import { formatCommentTime } from '../format-time';
import type { Messages } from '../messages/catalog';
import { toSafeFragment } from '../safe-html';

export interface CommentView {
  item: HTMLLIElement;
  /** Where an inline reply form opens, between the comment and its replies; kept across updates. */
  replySlot: HTMLElement;
  /** Null while the comment is a placeholder: nobody replies to it. */
  replyButton(): HTMLButtonElement | null;
  /** Lazily created list of replies. */
  replies(): HTMLOListElement;
  hasReplies(): boolean;
  /** Redraws the card after an edit or deletion, leaving replies and an open reply form in place. */
  update(comment: PublicComment, nowMs: number): void;
}

export interface CommentViewOptions {
  messages: Messages;
  onReply(): void;
}

/**
 * Not published and nothing to show: deleted, removed, or held for a moderator and not this
 * reader's own (the server fills author and body of a held comment only for its author).
 */
export function isPlaceholder(comment: PublicComment): boolean {
  if (comment.status === 'published' || comment.status === undefined) return false;
  return !(comment.status === 'pending' && comment.authorName !== '');
}

function placeholderText(comment: PublicComment, m: Messages['comment']): string {
  if (comment.status === 'removed') return m.removed;
  return comment.status === 'pending' ? m.held : m.deleted;
}

function buildCard(comment: PublicComment, nowMs: number, replySlot: HTMLElement, { messages, onReply }: CommentViewOptions) {
  const m = messages.comment;
  if (isPlaceholder(comment)) {
    const article = h(
      'article',
      { class: 'comment-card is-placeholder' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }),
      h('div', { class: 'comment-main' }, h('p', { class: 'placeholder' }, placeholderText(comment, m)), replySlot),
    );
    return { article, replyButton: null };
  }

  const avatar = h('span', { class: 'avatar', 'aria-hidden': 'true' }, initialsOf(comment.authorName));
  // CSSOM assignment, unlike a style attribute in markup, is allowed under a strict style-src.
  avatar.style.backgroundColor = avatarColourOf(comment.authorName);

  const when = formatCommentTime(comment.createdAt, nowMs, messages.locale, m.justNow);
  const time = h('time', { datetime: comment.createdAt, title: when.full, 'data-at': comment.createdAt }, when.short);
  const edited = comment.editedAt ? h('span', { class: 'edited', title: comment.editedAt }, m.edited) : null;
  const replyTo = comment.replyToId !== null && comment.replyToId !== undefined && comment.replyToName
    ? h('span', { class: 'reply-to' }, m.inReplyTo(comment.replyToName))
    : null;

  const pending = comment.status === 'pending' ? h('p', { class: 'pending' }, m.pending) : null;
  const body = h('div', { class: 'body' });
  body.appendChild(toSafeFragment(comment.bodyHtml));

  const replyButton = h(
    'button',
    { type: 'button', class: 'reply-button', 'aria-label': m.replyTo(comment.authorName), onclick: onReply },
    m.reply,
  );

  const article = h(
    'article',
    { class: 'comment-card' },
    avatar,
    h(
      'div',
      { class: 'comment-main' },
      h('header', { class: 'meta' }, h('span', { class: 'author' }, comment.authorName), time, edited, replyTo),
      pending,
      body,
      h('div', { class: 'comment-actions' }, replyButton),
      replySlot,
    ),
  );
  return { article, replyButton };
}

export function renderComment(comment: PublicComment, nowMs: number, options: CommentViewOptions): CommentView {
  const replySlot = h('div', { class: 'reply-slot' });
  let card = buildCard(comment, nowMs, replySlot, options);
  const item = h('li', { class: 'comment', id: `comment-${comment.id}` }, card.article);

  let replies: HTMLOListElement | null = null;
  return {
    item,
    replySlot,
    replyButton: () => card.replyButton,
    replies() {
      if (!replies) {
        replies = h('ol', { class: 'replies', 'aria-label': options.messages.comment.repliesLabel(comment.authorName) });
        item.appendChild(replies);
      }
      return replies;
    },
    hasReplies: () => replies !== null && replies.firstElementChild !== null,
    update(next, now) {
      const old = card.article;
      card = buildCard(next, now, replySlot, options);
      item.replaceChild(card.article, old);
    },
  };
}

/** Rewrites every relative time under `root`, so "just now" does not stay "just now". */
export function refreshTimes(root: ParentNode, messages: Messages, nowMs: number): void {
  for (const time of Array.from(root.querySelectorAll<HTMLTimeElement>('time[data-at]'))) {
    time.textContent = formatCommentTime(time.dataset.at ?? '', nowMs, messages.locale, messages.comment.justNow).short;
  }
}
