// Owns everything a widget does after its first render: the live connection, the forms, paging, arrivals and permalinks.
import type { CommentNode, ThreadView } from '../server/protocol/dto';
import { createArrivals } from './arrivals';
import { attachBubble } from './bubble-live';
import { createCommentControls } from './comment-controls';
import { errorText } from './error-text';
import { loadAuthor, saveAuthor, saveSort, type RememberedAuthor } from './identity';
import { connectThread, type CommentDraft } from './live';
import { adoptLiveStyles } from './live-styles';
import { joinMessages } from './messages/catalog';
import { enLive } from './messages/en-live';
import { createPager } from './pager';
import { createPermalinks } from './permalink';
import { idsIn } from './viewer';
import type { LivePart, WidgetParts } from './widget-parts';
import type { InlinePart } from './inline/inline-feedback';
import { createCommentForm } from './views/form';
import { attachSubscribeControl } from './subscribe-control';

/** Parents before their replies, the order in which they can be placed. */
function flatten(nodes: readonly CommentNode[]): CommentNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.replies)]);
}

export function attachInteractive(parts: WidgetParts): LivePart {
  const { viewer, list, panel, notice, root, state, shadow } = parts;
  const messages = joinMessages(parts.messages, parts.liveMessages ?? enLive);
  // Before anything of this part is drawn, so no form shows unstyled for a frame.
  adoptLiveStyles(shadow);
  if (parts.refusal) notice.textContent = messages.loadFailed(errorText(messages, parts.refusal));
  let author: RememberedAuthor = loadAuthor();
  let hasView = parts.view !== null;
  let isReady = false;
  const firstSort = parts.view ? state.sort : null;

  const arrivals = createArrivals({
    messages,
    viewer,
    list,
    sort: () => state.sort,
    isFullyLoaded: () => pager.isFullyLoaded(),
    onChanged: refreshNotice,
    isListed: (comment) => state.only !== 'feedback' || comment.anchor !== null,
  });
  notice.before(arrivals.bar);

  function refreshNotice(): void {
    if (hasView) notice.textContent = list.size() === 0 && arrivals.bar.hidden ? messages.empty : '';
  }

  function setClosed(value: boolean): void {
    parts.setClosed(value);
    mainForm.element.hidden = value;
    if (value) controls.closePanel(false);
  }

  function remember(next: RememberedAuthor): void {
    author = next;
    saveAuthor(next);
  }

  const preview = { origin: parts.origin, token: parts.token, safeFragment: parts.safeFragment };

  /** Posts, holding back others' new comments until the ack says which one is this reader's own. */
  function post(draft: CommentDraft) {
    arrivals.setPosting(true);
    return live.post(draft).then((outcome) => {
      if (outcome.kind === 'ok') viewer.markOwn(outcome.data.id, draft.body);
      arrivals.setPosting(false);
      return outcome;
    });
  }

  const mainForm = createCommentForm({
    messages,
    idPrefix: `${parts.prefix}-main`,
    mode: 'comment',
    label: messages.form.mainLabel,
    author,
    preview,
    send: (draft) => post({ ...draft, parentId: null, authorEmail: draft.authorEmail || null }),
    onSent(comment, postedBy) {
      remember(postedBy);
      arrivals.showOwn(comment);
    },
    onRefused(error) {
      if (error.code === 'THREAD_CLOSED') setClosed(true);
    },
  });
  mainForm.element.hidden = state.isClosed;
  parts.formSlot.replaceWith(mainForm.element);
  let threadId = parts.view?.thread.id ?? null;
  attachSubscribeControl({
    messages,
    idPrefix: parts.prefix,
    origin: parts.origin,
    token: parts.token,
    header: parts.header.element,
    threadId: () => threadId,
    author: () => author,
    remember,
  });

  // Inline feedback loads when the page marks passages, the thread has feedback, or a reader selects text.
  let inline: Promise<InlinePart | null> | null = null;
  const withInline = (use?: (part: InlinePart) => void) => {
    inline ??= import('./inline/inline-feedback').then(
      (m) =>
        m.attachInline({
          parts,
          messages,
          post,
          showOwn: arrivals.showOwn,
          author: () => author,
          remember,
          reload: () => pager.reload(),
        }),
      () => null,
    );
    void inline.then((part) => part && use?.(part));
  };
  const onSelect = () => state.isQuoting && !getSelection()?.isCollapsed && withInline();

  function receiveView(view: ThreadView, isRejoin: boolean): void {
    threadId = view.thread.id;
    state.isQuoting = view.settings.isQuotingEnabled;
    if (view.feedback.total > 0 || document.querySelector('[data-parley-passage]') || inline)
      withInline((part) => part.update(view.feedback, view.settings.isQuotingEnabled));
    state.editWindowMs = view.settings.editWindowMs;
    state.areReactionsEnabled = view.settings.areReactionsEnabled === true;
    viewer.learn(view.viewer, idsIn([...view.pinned, ...view.comments]));
    list.merge(view.pinned, 'pinned');
    if (!hasView) {
      pager.take(view);
    } else if (isRejoin) {
      // Pages already on screen stay and take the newer versions; what is new arrives by catch-up.
      for (const comment of flatten(view.comments)) if (list.get(comment.id)) list.update(comment);
    }
    hasView = true;
    // What the join taught about the reader (votes, own comments) shows on every comment.
    list.forEach((p) => p.view.sync());
    parts.setCount(view.thread.commentCount);
    setClosed(view.thread.isClosed === true);
    refreshNotice();
    if (!isReady) {
      isReady = true;
      root.dataset.state = 'ready';
      void permalinks.open();
    }
  }

  // The HTTP view's seq makes the socket's first join a rejoin: catch-up then replays what
  // changed between the first render and the join.
  const live = connectThread(
    {
      origin: parts.origin,
      token: parts.token,
      page: { ...parts.page, sort: state.sort },
      sinceSeq: parts.view?.seq ?? null,
    },
    {
      onView: receiveView,
      onChange(comment, isReplay) {
        const isKnown = list.get(comment.id) !== undefined;
        if (comment.anchor) withInline();
        arrivals.receive(comment, isReplay);
        if (!isKnown && !isReplay && !viewer.isOwn(comment) && (comment.status ?? 'published') === 'published') {
          parts.announce(messages.announceNew(comment.authorName));
          bubble.onArrival(comment);
        }
      },
      onVoted: arrivals.receiveTally,
      onCaughtUp(caughtUp) {
        viewer.learn(
          caughtUp.viewer,
          caughtUp.changes.map((c) => c.id),
        );
        parts.setCount(caughtUp.commentCount);
        list.forEach((p) => p.view.sync());
        // More changed while away than one answer carries: only a fresh first page is sure to be right.
        if (!caughtUp.isComplete) pager.reload();
      },
      onCounted: ({ commentCount }) => parts.setCount(commentCount),
      onFeedback: (counts) => withInline((part) => part.update(counts)),
      onClosed: setClosed,
      onStatus(status) {
        parts.header.setStatus(
          status === 'offline' ? messages.reconnecting : status === 'refused' ? messages.refused : '',
        );
        root.dataset.connection = status;
      },
      onJoinFailed(error) {
        if (hasView) return;
        root.dataset.state = 'error';
        notice.textContent = messages.loadFailed(errorText(messages, error));
      },
    },
  );

  const pager = createPager({
    messages,
    live,
    list,
    viewer,
    sort: () => state.sort,
    only: () => state.only,
    panel,
    onReplace() {
      controls.closePanel(false);
      arrivals.clear();
    },
    onPage: refreshNotice,
  });
  panel.append(pager.more, pager.error);
  if (parts.view) pager.resume(parts.view.nextCursor);

  const controls = createCommentControls({
    messages,
    idPrefix: parts.prefix,
    // Replies go through `post` too, so their broadcast cannot beat their ack into the wrong place.
    live: { ...live, post },
    viewer,
    list,
    author: () => author,
    remember,
    showOwn: arrivals.showOwn,
    fallbackFocus: () => parts.header.title,
    permalink: parts.permalink,
    shadow,
    safeFragment: parts.safeFragment,
    preview,
  });

  const permalinks = createPermalinks({
    messages,
    live,
    viewer,
    arrivals,
    list,
    sort: () => state.sort,
    isFullyLoaded: () => pager.isFullyLoaded(),
    isReady: () => hasView,
    notice: parts.linkNotice,
  });
  // The first "@" typed in a form loads the name suggestions, a module of their own.
  let mentions: Promise<{ update(field: HTMLTextAreaElement): void }> | null = null;
  shadow.addEventListener('input', ({ target }) => {
    if (mentions !== null || !(target instanceof HTMLTextAreaElement) || !target.value.includes('@')) return;
    mentions = import('./mention-suggest').then((m) => m.attachMentionSuggest({ shadow, locale: messages.locale }));
    mentions.then(
      (s) => s.update(target),
      () => (mentions = null),
    );
  });
  const onHashChange = () => void permalinks.open();
  window.addEventListener('hashchange', onHashChange);
  document.addEventListener('selectionchange', onSelect);
  const bubble = attachBubble({ parts, messages, form: mainForm, openPermalink: onHashChange });

  parts.hooks.act = controls.act;
  parts.hooks.chooseSort = (next) => {
    state.sort = next;
    saveSort(next);
    pager.reload();
  };
  // The reader chose another order while this part was on its way.
  if (firstSort !== null && firstSort !== state.sort) pager.reload();

  return {
    close() {
      window.removeEventListener('hashchange', onHashChange);
      document.removeEventListener('selectionchange', onSelect);
      void inline?.then((part) => part?.close());
      bubble.close();
      live.close();
    },
  };
}
