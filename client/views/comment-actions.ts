// Owns the row of actions under a comment: votes and score, reactions, reply, edit (with time left), delete, link, report.
import type { PublicComment, Reaction } from '../../server/protocol/dto';
import { h } from '../dom';
import type { ReadMessages } from '../messages/catalog';
import { REACTION_EMOJI, REACTION_ORDER } from '../reactions';
import type { Viewer } from '../viewer';

/**
 * `more` asks the server for replies of a conversation that did not come with its page;
 * `react` toggles one reaction (the act's third argument); `reactions` opens the set to choose from.
 */
export type CommentAction =
  'reply' | 'edit' | 'delete' | 'up' | 'down' | 'react' | 'reactions' | 'link' | 'report' | 'toggle' | 'more';

/** What a comment needs from the widget around it; one object shared by every comment. */
export interface CommentHost {
  messages: ReadMessages;
  viewer: Viewer;
  now(): number;
  editWindowMs(): number;
  isClosed(): boolean;
  areReactionsEnabled(): boolean;
  /** The address of the page with this comment's anchor. */
  permalink(commentId: number): string;
  act(action: CommentAction, comment: PublicComment, reaction?: Reaction): void;
}

export interface ActionsView {
  element: HTMLElement;
  replyButton: HTMLButtonElement;
  toggle: HTMLButtonElement;
  /** Opens the set of reactions; the live part marks it expanded while the set is open. */
  addReaction: HTMLButtonElement;
  /** Brings every button in line with the comment, the reader and the clock; keeps focus where it is. */
  sync(comment: PublicComment, isPlaceholder: boolean, hasReplies: boolean): void;
  markReported(): void;
}

/** Whole minutes left to edit, rounded up ("1 min" until the very end); 0 once closed. */
export function editMinutesLeft(comment: PublicComment, nowMs: number, editWindowMs: number): number {
  const leftMs = Date.parse(comment.createdAt) + editWindowMs - nowMs;
  return leftMs > 0 ? Math.ceil(leftMs / 60_000) : 0;
}

export function createActions(initial: PublicComment, host: CommentHost): ActionsView {
  const m = host.messages.comment;
  let comment = initial;
  const act = (action: CommentAction) => () => host.act(action, comment);
  const button = (cls: string, text: string, action: CommentAction) =>
    h('button', { type: 'button', class: `action ${cls}`, onclick: act(action) }, text);

  const up = h(
    'button',
    { type: 'button', class: 'vote vote-up', 'aria-label': m.upvote, onclick: act('up') },
    h('span', { 'aria-hidden': 'true' }, '▲'),
  );
  const down = h(
    'button',
    { type: 'button', class: 'vote vote-down', 'aria-label': m.downvote, onclick: act('down') },
    h('span', { 'aria-hidden': 'true' }, '▼'),
  );
  const score = h('span', { class: 'score' });
  const votes = h('div', { class: 'votes', role: 'group' }, up, score, down);

  // Only reactions someone gave are shown, each a toggle; the rest are one press away, behind "add".
  const pills = new Map<Reaction, HTMLButtonElement>();
  const pill = (reaction: Reaction) => {
    let found = pills.get(reaction);
    if (!found) {
      found = h('button', {
        type: 'button',
        class: 'reaction',
        'data-reaction': reaction,
        onclick: () => host.act('react', comment, reaction),
      });
      pills.set(reaction, found);
    }
    return found;
  };
  const addReaction = h(
    'button',
    { type: 'button', class: 'reaction reaction-add', 'aria-label': m.addReaction, 'aria-expanded': 'false' },
    h('span', { 'aria-hidden': 'true' }, '☺+'),
  );
  addReaction.onclick = act('reactions');
  const reactions = h('div', { class: 'reactions', role: 'group', 'aria-label': m.reactionsLabel });

  const replyButton = button('reply-button', m.reply, 'reply');
  const edit = button('edit-button', '', 'edit');
  const remove = button('delete-button', m.delete, 'delete');
  const link = h('a', { class: 'action link-button', onclick: act('link') }, m.link);
  const report = button('report-button', m.report, 'report');
  const toggle = button('toggle-button', '', 'toggle');
  const element = h('div', { class: 'comment-actions' });
  let isReported = false;
  let shown: HTMLElement[] = [];

  return {
    element,
    replyButton,
    toggle,
    addReaction,
    sync(next, isPlaceholder, hasReplies) {
      comment = next;
      const isOwn = host.viewer.isOwn(comment);
      const isPublished = comment.status === 'published';
      const present: HTMLElement[] = [];
      if (isPublished) {
        const myVote = host.viewer.voteOf(comment.id);
        up.setAttribute('aria-pressed', String(myVote === 'up'));
        down.setAttribute('aria-pressed', String(myVote === 'down'));
        up.disabled = down.disabled = isOwn;
        votes.title = isOwn ? m.ownVote : '';
        score.textContent = m.score(comment.score);
        score.classList.toggle('is-negative', comment.score < 0);
        votes.setAttribute('aria-label', m.votesLabel(comment.score));
        present.push(votes);
        if (host.areReactionsEnabled()) {
          const mine = host.viewer.reactionsOf(comment.id);
          const row: HTMLElement[] = [];
          for (const reaction of REACTION_ORDER) {
            const count = comment.reactions?.[reaction] ?? 0;
            if (count === 0 && !mine.includes(reaction)) continue;
            const b = pill(reaction);
            b.textContent = `${REACTION_EMOJI[reaction]} ${count}`;
            b.setAttribute('aria-label', m.reactionLabel(m.reactionNames[reaction], count));
            b.setAttribute('aria-pressed', String(mine.includes(reaction)));
            b.disabled = isOwn;
            b.title = isOwn ? m.ownReaction : '';
            row.push(b);
          }
          if (!isOwn) row.push(addReaction);
          if (row.length > 0) {
            // As with the row below: a focused toggle keeps its focus while counts change.
            if (row.length !== reactions.children.length || row.some((el, i) => el !== reactions.children[i])) {
              const focused = (reactions.getRootNode() as ShadowRoot).activeElement;
              reactions.replaceChildren(...row);
              if (focused instanceof HTMLElement && row.includes(focused)) focused.focus();
            }
            present.push(reactions);
          }
        }
        replyButton.setAttribute('aria-label', m.replyTo(comment.authorName));
        if (!host.isClosed()) present.push(replyButton);
      }
      if (!isPlaceholder && isOwn) {
        const minutes = editMinutesLeft(comment, host.now(), host.editWindowMs());
        if (minutes > 0) {
          edit.textContent = m.edit(minutes);
          present.push(edit);
        }
        present.push(remove);
      }
      // Only what everyone can see has an address worth sharing.
      if (isPublished) {
        link.href = host.permalink(comment.id);
        link.setAttribute('aria-label', m.linkLabel(comment.authorName));
        present.push(link);
      }
      if (isPublished && !isOwn) {
        report.textContent = isReported ? m.reported : m.report;
        report.disabled = isReported;
        present.push(report);
      }
      if (hasReplies) present.push(toggle);
      // Re-inserting a focused button would drop its focus: only touch the row when its set changes.
      if (present.length !== shown.length || present.some((el, i) => el !== shown[i])) {
        element.replaceChildren(...present);
        shown = present;
      }
      element.hidden = present.length === 0;
    },
    markReported() {
      isReported = true;
      report.textContent = m.reported;
      report.disabled = true;
    },
  };
}
