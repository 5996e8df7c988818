// Owns how one comment reads in a moderation list: who wrote it, where, what it answers, reports, and its buttons.
import { h, type Child } from '../dom';
import { toSafeFragment } from '../safe-html';
import type { ModComment, ReportReason } from './api-types';
import { timeElement } from './format';
import { pageHrefOf, pageNameOf, unverifiedNote } from './page-label';
import { messages } from './messages';
import { actionsFor, type ItemAction } from './queue-rules';
import { threadOptionLabel } from './thread-filter';

export interface ItemContext {
  nowMs: number;
  isSelected: boolean;
  onSelect(isSelected: boolean): void;
  onAction(action: ItemAction, button: HTMLButtonElement): void;
  onShowThread(threadId: number, label: string): void;
  /** Lists every comment by this comment's reader (same identity, or same email without one). */
  onShowReader(comment: ModComment): void;
}

export interface CommentItemView {
  element: HTMLLIElement;
  checkbox: HTMLInputElement;
  /** Holds the body; the inline editor takes its place while open. */
  body: HTMLElement;
  error: HTMLElement;
}

const m = messages.item;

export function authorLabelOf(comment: Pick<ModComment, 'authorName'>): string {
  return comment.authorName.trim() === '' ? m.anonymous : comment.authorName;
}

export function threadLabelOf(thread: ModComment['thread']): string {
  return pageNameOf(thread);
}

function fact(label: string, value: Child, className = ''): HTMLElement {
  return h('div', { class: `fact ${className}`.trim() }, h('dt', null, label), h('dd', null, value));
}

function chips(c: ModComment): HTMLElement {
  return h(
    'p',
    { class: 'chips' },
    h('span', { class: `chip status status-${c.status}` }, m.status[c.status]),
    c.status === 'pending' && c.heldReason ? h('span', { class: 'chip held' }, m.held(c.heldReason)) : null,
    c.reportCount > 0 ? h('span', { class: 'chip reported' }, m.reportCount(c.reportCount)) : null,
    c.isPinned ? h('span', { class: 'chip pinned' }, m.pinned) : null,
  );
}

function where(c: ModComment, ctx: ItemContext): HTMLElement {
  const label = threadLabelOf(c.thread);
  const href = pageHrefOf(c.thread);
  const page = href
    ? h('a', { class: 'page-link', href, target: '_blank', rel: 'noopener noreferrer', title: c.thread.pageId }, label)
    : h('span', { class: 'page-name', title: c.thread.pageId }, label);
  const only = h(
    'button',
    { type: 'button', class: 'link-button', onclick: () => ctx.onShowThread(c.thread.id, threadOptionLabel(c.thread)) },
    messages.filters.showThread,
  );
  const closed = c.thread.isClosed ? h('span', { class: 'chip status-removed' }, m.threadClosed) : null;
  return h(
    'p',
    { class: 'where' },
    h('span', { class: 'where-label' }, m.onPage),
    ' ',
    page,
    ' ',
    unverifiedNote(c.thread),
    ' ',
    closed,
    ' ',
    only,
  );
}

function parentBlock(c: ModComment): HTMLElement | null {
  if (c.parentId === null) return null;
  const parent = c.parent;
  if (!parent || parent.status === 'deleted' || parent.bodyHtml === '') {
    return h('div', { class: 'parent is-gone' }, h('p', { class: 'parent-head' }, `${m.inReplyTo} ${m.parentGone}`));
  }
  const body = h('div', { class: 'parent-body' });
  body.appendChild(toSafeFragment(parent.bodyHtml));
  return h(
    'div',
    { class: 'parent' },
    h(
      'p',
      { class: 'parent-head' },
      `${m.inReplyTo} `,
      h('span', { class: 'parent-author' }, authorLabelOf(parent)),
      parent.status !== 'published'
        ? h('span', { class: `chip status status-${parent.status}` }, m.parentStatus(parent.status))
        : null,
    ),
    body,
  );
}

/** How many open reports give each reason, most given first (ties in the catalog's order). */
export function tallyReasons(reports: ModComment['reports']): { reason: ReportReason; count: number }[] {
  const counts = new Map<ReportReason, number>();
  for (const r of reports) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  const order: ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];
  return order
    .filter((reason) => counts.has(reason))
    .map((reason) => ({ reason, count: counts.get(reason)! }))
    .sort((a, b) => b.count - a.count);
}

function reportsBlock(c: ModComment, nowMs: number, headingId: string): HTMLElement | null {
  if (c.reports.length === 0) return null;
  const withWords = c.reports.filter((r) => r.details !== null);
  return h(
    'section',
    { class: 'reports', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, m.reportsHeading(c.reportCount)),
    h(
      'ul',
      { class: 'report-tally' },
      ...tallyReasons(c.reports).map(({ reason, count }) =>
        h(
          'li',
          { 'data-reason': reason },
          h('span', { class: 'report-reason' }, m.reportReason(reason)),
          h('span', { class: 'report-count' }, m.reasonCount(count)),
        ),
      ),
    ),
    withWords.length === 0
      ? null
      : h(
          'ul',
          { class: 'report-words', 'aria-label': m.reportWordsLabel },
          ...withWords.map((r) =>
            h(
              'li',
              null,
              h('span', { class: 'report-details' }, r.details ?? ''),
              h('span', { class: 'report-of' }, m.reportReason(r.reason)),
              timeElement(r.createdAt, nowMs, 'report-time'),
            ),
          ),
        ),
  );
}

/** "3 comments", and a way to list them all when there is more than this one. */
function readerFact(c: ModComment, ctx: ItemContext, author: string): HTMLElement {
  const showAll =
    c.authorCommentCount > 1
      ? h(
          'button',
          {
            type: 'button',
            class: 'link-button show-reader',
            'aria-label': m.showReaderLabel(author),
            onclick: () => ctx.onShowReader(c),
          },
          m.showReader,
        )
      : null;
  return h(
    'div',
    { class: 'fact count', title: m.commentCountTitle },
    h('dt', { class: 'visually-hidden' }, m.commentCountTitle),
    h('dd', null, m.commentCount(c.authorCommentCount), showAll ? ' · ' : null, showAll),
  );
}

const ACTION_TEXT: Record<ItemAction, (c: ModComment) => string> = {
  approve: () => messages.actions.labels.approve,
  remove: () => messages.actions.labels.remove,
  spam: () => messages.actions.labels.spam,
  restore: (c) => (c.status === 'spam' ? messages.actions.notSpam : messages.actions.labels.restore),
  'dismiss-reports': () => messages.actions.labels['dismiss-reports'],
  edit: () => messages.actions.edit,
  pin: () => messages.actions.pin,
  unpin: () => messages.actions.unpin,
  ban: () => messages.actions.ban,
  'remove-all': () => messages.actions.removeAll,
};

const ACTION_TONE: Partial<Record<ItemAction, string>> = {
  approve: 'approve',
  restore: 'approve',
  remove: 'danger',
  spam: 'warn',
  ban: 'danger-quiet',
  'remove-all': 'danger-quiet',
};

const AUTHOR_ACTIONS: ReadonlySet<ItemAction> = new Set(['ban', 'remove-all']);

function actionBar(c: ModComment, ctx: ItemContext, author: string): HTMLElement {
  const button = (action: ItemAction) => {
    const el: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: `button small ${ACTION_TONE[action] ?? ''}`.trim(),
        'data-action': action,
        onclick: () => ctx.onAction(action, el),
      },
      ACTION_TEXT[action](c),
    );
    return el;
  };
  const actions = actionsFor(c);
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': m.actionsLabel(author) },
    h('div', { class: 'action-group' }, ...actions.filter((a) => !AUTHOR_ACTIONS.has(a)).map(button)),
    h('div', { class: 'action-group author-actions' }, ...actions.filter((a) => AUTHOR_ACTIONS.has(a)).map(button)),
  );
}

export function renderCommentItem(c: ModComment, ctx: ItemContext): CommentItemView {
  const author = authorLabelOf(c);
  const titleId = `item-${c.id}-title`;
  const checkbox = h('input', {
    type: 'checkbox',
    class: 'select-box',
    'aria-label': m.select(author),
    checked: ctx.isSelected,
    disabled: c.status === 'deleted',
  });
  checkbox.addEventListener('change', () => ctx.onSelect(checkbox.checked));

  const body = h('div', { class: 'body' });
  body.appendChild(toSafeFragment(c.bodyHtml));
  const error = h('p', { class: 'item-error', role: 'alert' });
  const moderation =
    (c.status === 'removed' || c.status === 'spam') && (c.moderatedBy || c.moderationReason)
      ? h('p', { class: 'mod-note' }, m.moderated(c.status, c.moderatedBy, c.moderationReason))
      : null;

  const article = h(
    'article',
    { class: 'card', 'aria-labelledby': titleId },
    h('div', { class: 'card-select' }, checkbox),
    h(
      'div',
      { class: 'card-main' },
      h(
        'header',
        { class: 'card-head' },
        h('h3', { class: 'author', id: titleId }, h('span', { class: 'visually-hidden' }, `#${c.id} `), author),
        chips(c),
        h(
          'span',
          { class: 'when' },
          timeElement(c.createdAt, ctx.nowMs, 'created'),
          c.editedAt ? h('span', { class: 'edited', title: c.editedAt }, ` · ${m.edited}`) : null,
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        fact(m.email, c.authorEmail ?? m.noEmail, c.authorEmail ? 'email' : 'email is-missing'),
        fact(m.identity, h('code', null, c.authorKey ?? m.noIdentity)),
        fact(m.ip, h('code', { title: c.ipHash ?? '' }, c.ipHash ? c.ipHash.slice(0, 16) : m.noIp)),
        readerFact(c, ctx, author),
      ),
      where(c, ctx),
      parentBlock(c),
      body,
      reportsBlock(c, ctx.nowMs, `item-${c.id}-reports`),
      moderation,
      error,
      actionBar(c, ctx, author),
    ),
  );
  const element = h(
    'li',
    { class: 'item', id: `mod-comment-${c.id}`, 'data-comment-id': String(c.id), 'data-status': c.status },
    article,
  );
  if (ctx.isSelected) element.classList.add('is-selected');
  return { element, checkbox, body, error };
}
