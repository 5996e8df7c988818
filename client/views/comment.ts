// Owns how one comment looks: avatar, author, marks, the body through the allow-list, its actions and its replies.
import type { PublicComment } from '../../server/protocol/dto';
import { avatarColourOf, initialsOf } from '../avatar';
import { append, clear, h } from '../dom';
import { formatCommentTime } from '../format-time';
import type { ReadMessages } from '../messages/catalog';
import { toSafeFragment } from '../safe-html';
import { createActions, type CommentHost } from './comment-actions';

/** Replies shown at first under one comment; the rest wait behind "Show N more replies". */
export const SHOWN_REPLIES = 3;

export interface CommentView {
  item: HTMLLIElement;
  /** The card; focusable so a permalink or a removed neighbour can hand it the focus. */
  card: HTMLElement;
  /** Where an inline form (reply, edit, report, confirmation) opens; kept across updates. */
  panel: HTMLElement;
  /** Opens the set of reactions. */
  addReaction: HTMLButtonElement;
  /** Null while the comment is a placeholder: nobody replies to it. */
  replyButton(): HTMLButtonElement | null;
  /** Lazily created list of replies. */
  replies(): HTMLOListElement;
  hasReplies(): boolean;
  /**
   * Redraws the card after an edit or a deletion, leaving replies, focus and open forms in place;
   * a score change (`isScoreOnly`) touches the vote buttons alone, so a selection in the text stays.
   */
  update(comment: PublicComment, isScoreOnly?: boolean): void;
  /** Re-reads the reader's state and the clock (edit time left, own votes, closed thread). */
  sync(): void;
  /** After replies came or went: the count on the toggle and which replies are held back. */
  syncReplies(): void;
  /** Opens the thread below this comment fully (a permalink or the reader's own reply is inside). */
  expand(): void;
  toggleReplies(): void;
  /** Replies of this conversation still on the server (a page carries only the first few). */
  setUnloaded(count: number): void;
  setEditing(isEditing: boolean): void;
  /** A short message under the actions: an error (alert) or a confirmation. */
  say(text: string, isError?: boolean): void;
  markReported(): void;
}

/**
 * Not published and nothing to show: deleted, removed, or held for a moderator and not this
 * reader's own (the server fills author and body of a held comment only for its author).
 */
export function isPlaceholder(comment: PublicComment): boolean {
  if (comment.status === 'published' || comment.status === undefined) return false;
  return !(comment.status === 'pending' && comment.authorName !== '');
}

function placeholderText(comment: PublicComment, m: ReadMessages['comment']): string {
  if (comment.status === 'removed') return m.removed;
  return comment.status === 'pending' ? m.held : m.deleted;
}

export function idOfItem(el: Element): number {
  return Number(el.id.slice('comment-'.length));
}

/**
 * `parentName`: who a reply answers, for the "in reply to" line the styles show where the
 * nesting no longer says it (deep levels, and replies below an earlier sibling's thread).
 */
export function renderComment(initial: PublicComment, host: CommentHost, parentName = ''): CommentView {
  const { messages } = host;
  const m = messages.comment;
  let comment = initial;
  let isExpanded = true;
  let isShowingAll = false;
  let unloaded = 0;
  let isEditing = false;

  const avatar = h('span', { class: 'avatar', 'aria-hidden': 'true' });
  const meta = h('header', { class: 'meta' });
  // Names and texts may be in another script than the page: each finds its own direction.
  const body = h('div', { class: 'body', dir: 'auto' });
  const actions = createActions(comment, host);
  // Two regions that stay in the tree, so what is written into them is announced.
  const status = h('p', { class: 'comment-notice', role: 'status' });
  const alert = h('p', { class: 'comment-notice is-error', role: 'alert' });
  const panel = h('div', { class: 'reply-slot' });
  const card = h(
    'article',
    { class: 'comment-card', tabindex: '-1' },
    avatar,
    h('div', { class: 'comment-main' }, meta, body, actions.element, status, alert, panel),
  );
  const item = h('li', { class: 'comment', id: `comment-${comment.id}` }, card);
  let replies: HTMLOListElement | null = null;
  // The line down the side of the replies: following it leads back to this comment, and a
  // click (or Enter, Space) folds the branch away or opens it again.
  const line = h('button', { type: 'button', class: 'thread-line', onclick: () => view.toggleReplies() });
  const moreReplies = h('button', {
    type: 'button',
    class: 'more-replies',
    hidden: true,
    onclick: () => (unloaded > 0 ? host.act('more', comment) : showAll()),
  });

  function fill(): void {
    const isHidden = isPlaceholder(comment);
    card.classList.toggle('is-placeholder', isHidden);
    card.classList.toggle('is-pinned', comment.isPinned);
    clear(meta);
    clear(body);
    avatar.textContent = isHidden ? '' : initialsOf(comment.authorName);
    // CSSOM assignment, unlike a style attribute in markup, is allowed under a strict style-src.
    avatar.style.backgroundColor = isHidden ? '' : avatarColourOf(comment.authorName);
    meta.hidden = isHidden;
    if (isHidden) {
      body.append(h('p', { class: 'placeholder' }, placeholderText(comment, m)));
    } else {
      const when = formatCommentTime(comment.createdAt, host.now(), messages.locale, m.justNow);
      append(
        meta,
        h('bdi', { class: 'author', dir: 'auto' }, comment.authorName),
        comment.isPinned ? h('span', { class: 'badge pinned-badge' }, m.pinned) : null,
        comment.status === 'pending' ? h('span', { class: 'badge pending', title: m.pendingHint }, m.pending) : null,
        h('time', { datetime: comment.createdAt, title: when.full, 'data-at': comment.createdAt }, when.short),
        comment.editedAt
          ? h(
              'span',
              {
                class: 'edited',
                title: formatCommentTime(comment.editedAt, host.now(), messages.locale, m.justNow).full,
              },
              m.edited,
            )
          : null,
        comment.replyToId !== null && comment.replyToName
          ? h('span', { class: 'reply-to' }, m.inReplyTo(comment.replyToName))
          : parentName
            ? h('span', { class: 'reply-to parent-to' }, m.inReplyTo(parentName))
            : null,
      );
      body.appendChild(toSafeFragment(comment.bodyHtml));
    }
    view.sync();
  }

  function showAll(): void {
    isShowingAll = true;
    view.syncReplies();
    // The first reply that was held back takes the focus, so keyboard readers carry on from there.
    replies?.children[SHOWN_REPLIES]?.querySelector<HTMLElement>('.comment-card')?.focus();
  }

  const view: CommentView = {
    item,
    card,
    panel,
    addReaction: actions.addReaction,
    replyButton: () => (isPlaceholder(comment) || host.isClosed() ? null : actions.replyButton),
    replies() {
      if (!replies) {
        replies = h('ol', {
          class: 'replies',
          id: `replies-${comment.id}`,
          'aria-label': comment.authorName ? m.repliesLabel(comment.authorName) : m.replies,
        });
        line.setAttribute('aria-controls', replies.id);
        line.setAttribute('aria-label', comment.authorName ? m.repliesLabel(comment.authorName) : m.replies);
        item.append(line, replies, moreReplies);
      }
      return replies;
    },
    hasReplies: () => replies !== null && replies.firstElementChild !== null,
    update(next, isScoreOnly = false) {
      comment = next;
      if (isScoreOnly) view.sync();
      else fill();
    },
    sync() {
      actions.sync(comment, isPlaceholder(comment), view.hasReplies());
      // The edit form stands in for the text and its actions until it closes.
      if (isEditing) actions.element.hidden = true;
    },
    syncReplies() {
      const children = replies ? Array.from(replies.children) : [];
      const heldBack = isShowingAll ? 0 : Math.max(0, children.length - SHOWN_REPLIES);
      children.forEach((child, i) => ((child as HTMLElement).hidden = heldBack > 0 && i >= SHOWN_REPLIES));
      moreReplies.hidden = heldBack + unloaded === 0 || !isExpanded;
      moreReplies.textContent = m.moreReplies(heldBack + unloaded);
      if (replies) replies.hidden = !isExpanded;
      const total = replies ? replies.querySelectorAll('li.comment').length : 0;
      actions.toggle.textContent = isExpanded ? m.hideReplies : m.showReplies(total + unloaded);
      actions.toggle.setAttribute('aria-expanded', String(isExpanded));
      line.setAttribute('aria-expanded', String(isExpanded));
      line.hidden = total + unloaded === 0;
      if (replies) actions.toggle.setAttribute('aria-controls', replies.id);
      view.sync();
    },
    expand() {
      isExpanded = true;
      isShowingAll = true;
      view.syncReplies();
    },
    toggleReplies() {
      isExpanded = !isExpanded;
      view.syncReplies();
    },
    setUnloaded(count) {
      unloaded = count;
      if (count > 0) view.replies();
      view.syncReplies();
    },
    setEditing(value) {
      isEditing = value;
      body.hidden = value;
      view.sync();
    },
    say(text, isError = false) {
      status.textContent = isError ? '' : text;
      alert.textContent = isError ? text : '';
    },
    markReported: () => actions.markReported(),
  };
  fill();
  return view;
}

/** Rewrites every relative time under `root`, so "just now" does not stay "just now". */
export function refreshTimes(root: ParentNode, messages: ReadMessages, nowMs: number): void {
  for (const time of Array.from(root.querySelectorAll<HTMLTimeElement>('time[data-at]'))) {
    time.textContent = formatCommentTime(time.dataset.at ?? '', nowMs, messages.locale, messages.comment.justNow).short;
  }
}
