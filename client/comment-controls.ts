// Owns what a reader does to one comment: reply, vote, edit, delete, report, copy its link; one open form at a time.
import type { PublicComment, Reaction } from '../server/protocol/dto';
import { h } from './dom';
import type { PreviewSource } from './preview';
import { errorText } from './error-text';
import type { RememberedAuthor } from './identity';
import type { LiveThread } from './live';
import type { Messages } from './messages/catalog';
import { REACTION_ORDER } from './reactions';
import type { Viewer, MyVote } from './viewer';
import type { CommentAction } from './views/comment-actions';
import { createCommentForm } from './views/form';
import type { Placed, ThreadListView } from './views/thread';

export interface CommentControlsDeps {
  /** The widget's allow-list copy of comment markup (from the first render). */
  safeFragment: (html: string) => DocumentFragment;
  /** Where forms' Preview tabs ask for a draft's render. */
  preview: PreviewSource;
  messages: Messages;
  idPrefix: string;
  live: LiveThread;
  viewer: Viewer;
  list: ThreadListView;
  author(): RememberedAuthor;
  remember(author: RememberedAuthor): void;
  /** Shows the reader's own new comment or reply at once, from the ack. */
  showOwn(comment: PublicComment): void;
  /** Where focus goes when the comment holding it disappears. */
  fallbackFocus(): HTMLElement;
  permalink(commentId: number): string;
  shadow: ShadowRoot;
}

export interface CommentControls {
  act(action: CommentAction, comment: PublicComment, reaction?: Reaction): void;
  /** Closes whatever form is open (the thread was closed, the list reloaded). */
  closePanel(isFocusReturned: boolean): void;
}

type Panel = { id: number; kind: CommentAction; opener: HTMLElement | null; focus(): void; close(): void };

/** Moves a score by the difference between two votes of the reader; the server's tally replaces it later. */
function shiftScore(entry: Placed, from: MyVote, to: MyVote): void {
  const up = (to === 'up' ? 1 : 0) - (from === 'up' ? 1 : 0);
  const down = (to === 'down' ? 1 : 0) - (from === 'down' ? 1 : 0);
  const c = entry.comment;
  entry.comment = { ...c, upvotes: c.upvotes + up, downvotes: c.downvotes + down, score: c.score + up - down };
  entry.view.update(entry.comment, true);
}

/** Moves one reaction's count by the reader's own change; the server's tally replaces it later. */
function shiftReaction(entry: Placed, reaction: Reaction, by: number): void {
  const c = entry.comment;
  entry.comment = { ...c, reactions: { ...c.reactions, [reaction]: Math.max(0, (c.reactions?.[reaction] ?? 0) + by) } };
  entry.view.update(entry.comment, true);
}

export function createCommentControls(deps: CommentControlsDeps): CommentControls {
  const { messages, live, viewer } = deps;
  const m = messages.comment;
  let open: Panel | null = null;
  let formCount = 0;
  const voting = new Set<number>();

  function closePanel(isFocusReturned: boolean): void {
    if (!open) return;
    const { opener, close } = open;
    open = null;
    close();
    if (isFocusReturned && opener?.isConnected) opener.focus();
  }

  function openPanel(
    entry: Placed,
    kind: CommentAction,
    content: HTMLElement,
    focus: () => void,
    close?: () => void,
  ): void {
    const opener = deps.shadow.activeElement as HTMLElement | null;
    closePanel(false);
    entry.view.panel.appendChild(content);
    open = {
      id: entry.comment.id,
      kind,
      opener,
      focus,
      close() {
        content.remove();
        close?.();
      },
    };
    focus();
  }

  function reply(entry: Placed): void {
    const parent = entry.comment;
    const form = createCommentForm({
      messages,
      idPrefix: `${deps.idPrefix}-r${++formCount}`,
      mode: 'reply',
      label: messages.form.replyLabel(parent.authorName),
      author: deps.author(),
      preview: deps.preview,
      send: (draft) =>
        live.post({ ...draft, parentId: parent.id, authorEmail: draft.authorEmail || null }).then((outcome) => {
          if (outcome.kind === 'ok') deps.viewer.markOwn(outcome.data.id, draft.body);
          return outcome;
        }),
      onSent(comment, postedBy) {
        deps.remember(postedBy);
        closePanel(false);
        deps.showOwn(comment);
        entry.view.replyButton()?.focus();
      },
      onCancel: () => closePanel(true),
    });
    openPanel(entry, 'reply', form.element, form.focus);
  }

  async function edit(entry: Placed): Promise<void> {
    // What the reader typed, when this widget knows it; else the shown body written back as
    // Markdown, by a module loaded only then (most edits are of comments typed in this page).
    const source = deps.viewer.sourceOf(entry.comment.id);
    const initialBody = source ?? (await import('./edit-source')).toMarkdown(entry.comment.bodyHtml, deps.safeFragment);
    const form = createCommentForm({
      messages,
      idPrefix: `${deps.idPrefix}-e${++formCount}`,
      mode: 'edit',
      label: messages.form.editLabel,
      author: deps.author(),
      preview: deps.preview,
      initialBody,
      send: (draft) =>
        live.edit(entry.comment.id, draft.body).then((outcome) => {
          if (outcome.kind === 'ok') deps.viewer.markOwn(outcome.data.id, draft.body);
          return outcome;
        }),
      onSent(comment) {
        closePanel(false);
        deps.list.update(comment);
        entry.view.card.focus();
      },
      onCancel: () => closePanel(true),
    });
    entry.view.setEditing(true);
    openPanel(entry, 'edit', form.element, form.focus, () => entry.view.setEditing(false));
  }

  function confirmDelete(entry: Placed): void {
    const id = entry.comment.id;
    const questionId = `${deps.idPrefix}-q${++formCount}`;
    const keep = h('button', { type: 'button', class: 'button quiet small', onclick: () => closePanel(true) }, m.keep);
    const confirm = h('button', { type: 'button', class: 'button danger small' }, m.deleteConfirm);
    const box = h(
      'div',
      { class: 'panel confirm', role: 'alertdialog', 'aria-labelledby': questionId },
      h('p', { id: questionId }, m.deleteQuestion),
      h('div', { class: 'form-actions' }, keep, confirm),
    );
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        closePanel(true);
      }
    });
    confirm.addEventListener('click', () => {
      confirm.disabled = true;
      void live.remove(id).then((outcome) => {
        closePanel(false);
        if (outcome.kind !== 'ok') {
          entry.view.say(errorText(messages, outcome.kind === 'refused' ? outcome.error : null), true);
          entry.view.card.focus();
          return;
        }
        const result = deps.list.update(outcome.data);
        (result === 'removed' ? deps.fallbackFocus() : entry.view.card).focus();
      });
    });
    openPanel(entry, 'delete', box, () => keep.focus());
  }

  async function report(entry: Placed): Promise<void> {
    // Few readers ever report: the dialog loads when one does.
    const { createReportDialog } = await import('./views/report-dialog');
    const dialog = createReportDialog({
      messages,
      idPrefix: `${deps.idPrefix}-p${++formCount}`,
      commentId: entry.comment.id,
      send: (request) => live.report(request),
      onDone(error) {
        closePanel(false);
        entry.view.markReported();
        entry.view.say(error ? errorText(messages, error) : messages.report.thanks);
        entry.view.card.focus();
      },
      onCancel: () => closePanel(true),
    });
    openPanel(entry, 'report', dialog.element, dialog.focus);
  }

  async function vote(entry: Placed, direction: 'up' | 'down'): Promise<void> {
    const id = entry.comment.id;
    if (voting.has(id)) return;
    const before = viewer.voteOf(id);
    // The same direction again takes the vote back.
    const after: MyVote = before === direction ? undefined : direction;
    voting.add(id);
    viewer.setVote(id, after);
    shiftScore(entry, before, after);
    entry.view.say('');
    const outcome = await live.vote(id, after ?? 'none');
    voting.delete(id);
    // The comment may have been replaced meanwhile (a reload); the current entry is the one to fix.
    const current = deps.list.get(id) ?? entry;
    if (outcome.kind === 'ok') {
      const myVote = outcome.data.myVote;
      viewer.setVote(id, myVote === 'none' ? undefined : myVote);
      if (!deps.list.applyTally(outcome.data)) current.view.sync();
      return;
    }
    viewer.setVote(id, before);
    shiftScore(current, after, before);
    current.view.say(errorText(messages, outcome.kind === 'refused' ? outcome.error : null), true);
  }

  const reacting = new Set<number>();

  /** Gives the reaction, or takes it back when the reader had given it. */
  async function react(entry: Placed, reaction: Reaction): Promise<void> {
    const id = entry.comment.id;
    if (reacting.has(id)) return;
    const before = viewer.reactionsOf(id);
    const isOn = !before.includes(reaction);
    reacting.add(id);
    viewer.setReactions(
      id,
      REACTION_ORDER.filter((r) => (r === reaction ? isOn : before.includes(r))),
    );
    shiftReaction(entry, reaction, isOn ? 1 : -1);
    entry.view.say('');
    const outcome = await live.react(id, reaction, isOn);
    reacting.delete(id);
    const current = deps.list.get(id) ?? entry;
    if (outcome.kind === 'ok') {
      viewer.setReactions(id, outcome.data.myReactions);
      if (!deps.list.applyTally(outcome.data)) current.view.sync();
      return;
    }
    viewer.setReactions(id, before);
    shiftReaction(current, reaction, isOn ? -1 : 1);
    current.view.say(errorText(messages, outcome.kind === 'refused' ? outcome.error : null), true);
  }

  /** Opens the set of reactions under the comment; the set itself loads the first time it is asked for. */
  async function chooseReaction(entry: Placed): Promise<void> {
    const opener = entry.view.addReaction;
    const { createReactionPicker } = await import('./views/reaction-picker');
    const id = entry.comment.id;
    const picker = createReactionPicker({
      messages,
      id: `${deps.idPrefix}-x${++formCount}`,
      mine: viewer.reactionsOf(id),
      onPick(reaction) {
        closePanel(true);
        void react(deps.list.get(id) ?? entry, reaction);
      },
      onClose: () => closePanel(true),
    });
    opener.setAttribute('aria-expanded', 'true');
    opener.setAttribute('aria-controls', picker.element.id);
    openPanel(entry, 'reactions', picker.element, picker.focus, () => {
      opener.setAttribute('aria-expanded', 'false');
      opener.removeAttribute('aria-controls');
    });
  }

  const fetching = new Set<number>();

  /** The next batch of a conversation's replies from the server, placed under their parents. */
  async function loadReplies(entry: Placed): Promise<void> {
    const rootId = entry.comment.id;
    const conversation = deps.list.conversationOf(rootId);
    if (!conversation || fetching.has(rootId)) return;
    fetching.add(rootId);
    const outcome = await live.replies(rootId, conversation.afterId);
    fetching.delete(rootId);
    if (outcome.kind !== 'ok') {
      entry.view.say(errorText(messages, outcome.kind === 'refused' ? outcome.error : null), true);
      return;
    }
    const { replies, hasMore, viewer: state } = outcome.data;
    viewer.learn(
      state,
      replies.map((r) => r.id),
    );
    const list = deps.list;
    for (const reply of replies) if (!list.get(reply.id)) list.placeReply(reply, false);
    const last = replies[replies.length - 1];
    list.setConversation(rootId, {
      afterId: last ? last.id : conversation.afterId,
      unloaded: hasMore && last ? Math.max(1, conversation.unloaded - replies.length) : 0,
    });
    list.get(rootId)?.view.expand();
  }

  function copyLink(entry: Placed): void {
    // The click goes on to the address as well, so the hash (and the highlight) follow it.
    navigator.clipboard?.writeText(deps.permalink(entry.comment.id)).then(
      () => entry.view.say(m.linkCopied),
      () => undefined,
    );
  }

  return {
    act(action, comment, reaction) {
      const entry = deps.list.get(comment.id);
      if (!entry) return;
      // The same button again: a reply form is where the reader wants to type, anything else closes.
      if (open?.id === comment.id && open.kind === action) {
        if (action === 'reply') open.focus();
        else closePanel(true);
        return;
      }
      if (action === 'reply') reply(entry);
      else if (action === 'edit') void edit(entry);
      else if (action === 'delete') confirmDelete(entry);
      else if (action === 'report') void report(entry);
      else if (action === 'up' || action === 'down') void vote(entry, action);
      else if (action === 'react' && reaction) void react(entry, reaction);
      else if (action === 'reactions') void chooseReaction(entry);
      else if (action === 'toggle') entry.view.toggleReplies();
      else if (action === 'more') void loadReplies(entry);
      else copyLink(entry);
    },
    closePanel,
  };
}
