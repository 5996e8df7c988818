// Owns the reading use cases: open a page's thread, page through it, catch up, find a comment's context.
import { AppError } from '../errors';
import type { CatchUp, CommentContext, CommentPage, RepliesPage, ThreadView } from '../protocol/dto';
import type { PageAddress, Thread } from '../threads/thread';
import type { OpenThreadRequestInput } from '../threads/thread-input';
import type { PageOpener, ThreadService } from '../threads/thread-service';
import { buildThread } from '../comments/build-thread';
import { FirstPageCache, type CachedPage } from './first-page-cache';
import type { PageKey } from '../comments/comment';
import type { CommentFilter, FeedbackCounts, SortOrder } from '../protocol/dto';
import type { Clock } from '../clock';
import type { CommentEvents } from '../comments/comment-events';
import type { CommentRules } from '../comments/comment-rules';
import type { CommentStore } from '../comments/comment-store';
import type { EventSource } from '../events';
import type { Actor } from '../identity/actor';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type { ThreadEvents } from '../threads/thread-events';
import { threadNotFound } from '../threads/thread-rules';
import type { ThreadStore } from '../threads/thread-store';
import type { VoteEvents } from '../votes/vote-events';
import type { VoteStore } from '../votes/vote-store';
import type { ReactionEvents } from '../reactions/reaction-events';
import type { ReactionStore } from '../reactions/reaction-store';
import { viewerStateOf } from './viewer-state';
import type { CatchUpInput, PageInput, RepliesInput } from './reading-input';
import { commentNotFound, isShown } from '../comments/comment-rules';
import { decodeCursor, encodeCursor, pageKeyOf } from '../comments/page-cursor';
import { toPublicComment, toPublicThread } from '../comments/public-comment';
import { isThreadClosed } from '../policy/moderation-rules';

/** Changes one catch-up answer may carry; a reader further behind reloads instead. */
export const MAX_CATCH_UP_CHANGES = 500;
/** Replies of each conversation sent with a page; the rest load on request. */
export const REPLIES_PREVIEW = 3;
/** Replies one request for more of a conversation may carry. */
export const MAX_REPLIES_PER_REQUEST = 100;
/** Page ids whose thread id is remembered, for opening a page without looking its thread up. */
const MAX_REMEMBERED_PAGES = 10_000;
/** A permalink to a reply loads its conversation up to that reply, at most this far. */
const MAX_CONTEXT_REPLIES = 2000;

export type ThreadReader = ReturnType<typeof createThreadReader>;

export interface ThreadReaderDeps {
  storage: { comments: CommentStore; threads: ThreadStore; votes: VoteStore; reactions: ReactionStore };
  /** Changes to threads and comments drop what is kept of them. */
  events: EventSource<CommentEvents & VoteEvents & ReactionEvents & ThreadEvents>;
  clock: Clock;
  rules: CommentRules;
  /** Signs page cursors; kept in the database so cursors survive a restart. */
  cursorKey: Buffer;
  moderationSettings: ModerationSettingsSource;
}

/** What is remembered of a page opened lately: enough to answer the next open without SQLite. */
type KnownPage = PageAddress & { id: number };

export function createThreadReader(deps: ThreadReaderDeps, threads: ThreadService) {
  const { storage, clock, rules, cursorKey, moderationSettings, events } = deps;
  // Most reads are a thread's first page; it is the same for every reader but their own
  // votes, comments and held comments, which are worked out per reader on top.
  const firstPages = new FirstPageCache();
  // A reader with nothing of their own anywhere yet (no token: a first visit, most page views
  // of a busy story) gets the view every such reader gets. It is kept until the thread
  // changes, and only for the second it was made in: a thread can close by age at any
  // moment, a moderator can change the rules, and the view tells the time to the second.
  const sharedViews = new FirstPageCache<{ view: ThreadView; second: number }>();
  for (const event of ['comment:created', 'comment:updated', 'comment:voted', 'comment:reacted'] as const) {
    events.on(event, ({ comment }) => {
      firstPages.invalidate(comment.threadId);
      sharedViews.invalidate(comment.threadId);
    });
  }
  events.on('thread:counted', ({ threadId }) => sharedViews.invalidate(threadId));
  events.on('thread:updated', ({ thread }) => sharedViews.invalidate(thread.id));
  // Page ids never move to another thread (threads are never deleted): the latest pages opened.
  // Every open goes through here, so what is remembered of a page's address stays current.
  const knownPages = new Map<string, KnownPage>();
  const rememberPage = (thread: Thread) => {
    if (!knownPages.has(thread.pageId) && knownPages.size >= MAX_REMEMBERED_PAGES)
      knownPages.delete(knownPages.keys().next().value as string);
    knownPages.set(thread.pageId, {
      id: thread.id,
      url: thread.url,
      title: thread.title,
      isPageVerified: thread.isPageVerified,
    });
  };

  /** The page's thread, created or its address corrected when needed; a view of it kept for readers is dropped when it changed. */
  async function openPage(request: OpenThreadRequestInput, opener: PageOpener): Promise<Thread> {
    const { thread, isChanged } = await threads.openPage(request.page, opener);
    rememberPage(thread);
    if (isChanged) sharedViews.invalidate(thread.id);
    return thread;
  }

  async function requireThread(threadId: number): Promise<Thread> {
    const thread = await storage.threads.findThreadById(threadId);
    if (!thread) throw threadNotFound(threadId);
    return thread;
  }

  async function readPage(
    threadId: number,
    sort: SortOrder,
    after: PageKey | null,
    size: number,
    viewerKey: string | null,
    filter: CommentFilter,
  ): Promise<CachedPage> {
    // One extra row tells whether another page follows without counting the thread.
    const roots = await storage.comments.listTopLevelPage({
      threadId,
      sort,
      after,
      limit: size + 1,
      viewerKey,
      isFeedbackOnly: filter === 'feedback',
    });
    const shown = roots.slice(0, size);
    const replies = await storage.comments.listRepliesOfRoots(
      shown.map((c) => c.id),
      viewerKey,
      REPLIES_PREVIEW,
    );
    const rows = [...shown, ...replies];
    const last = shown[shown.length - 1];
    return {
      rows,
      nodes: buildThread(
        rows.map((c) => toPublicComment(c, viewerKey)),
        sort,
      ),
      nextCursor: roots.length > size && last ? encodeCursor(pageKeyOf(sort, last), cursorKey) : null,
    };
  }

  async function pageOf(
    threadId: number,
    sort: SortOrder,
    after: PageKey | null,
    limit: number | null,
    actor: Actor,
    filter: CommentFilter = 'all',
  ): Promise<CommentPage> {
    const size = limit ?? rules.pageSize;
    const viewerKey = actor.authorKey;
    // A reader with a comment awaiting approval here sees a page nobody else does.
    const isShared =
      after === null && (viewerKey === null || !(await storage.comments.hasPendingByAuthor(threadId, viewerKey)));
    let page: CachedPage;
    if (isShared) {
      const key = `${sort}:${size}:${filter}`;
      const generation = firstPages.generation(threadId);
      const cached = firstPages.get(threadId, key);
      page = cached ?? (await readPage(threadId, sort, null, size, null, filter));
      if (!cached) firstPages.set(threadId, key, page, generation);
    } else {
      page = await readPage(threadId, sort, after, size, viewerKey, filter);
    }
    return {
      sort,
      filter,
      comments: page.nodes,
      nextCursor: page.nextCursor,
      viewer: await viewerStateOf(storage, page.rows, actor),
    };
  }

  async function pinnedOf(threadId: number, actor: Actor) {
    const roots = await storage.comments.listPinned(threadId, actor.authorKey);
    if (roots.length === 0) return { nodes: [], comments: [] };
    const replies = await storage.comments.listRepliesOfRoots(
      roots.map((c) => c.id),
      actor.authorKey,
      REPLIES_PREVIEW,
    );
    const comments = [...roots, ...replies];
    return {
      nodes: buildThread(
        comments.map((c) => toPublicComment(c, actor.authorKey)),
        'oldest',
      ),
      comments,
    };
  }

  async function feedbackOf(threadId: number): Promise<FeedbackCounts> {
    // Passage ids come from host pages: one named __proto__ must be a key like any other.
    const byPassage: Record<string, number> = Object.create(null) as Record<string, number>;
    let total = 0;
    for (const { passageId, count } of await storage.comments.countFeedback(threadId)) {
      total += count;
      if (passageId !== null) byPassage[passageId] = count;
    }
    return { threadId, total, byPassage };
  }

  const viewKey = (sort: SortOrder, limit: number | null) => `${sort}:${limit ?? rules.pageSize}`;
  const secondOf = (ms: number) => Math.floor(ms / 1000);

  function sharedView(threadId: number, sort: SortOrder, limit: number | null): ThreadView | undefined {
    const kept = sharedViews.get(threadId, viewKey(sort, limit));
    return kept !== undefined && kept.second === secondOf(clock.now()) ? kept.view : undefined;
  }

  async function viewOf(thread: Thread, sort: SortOrder, limit: number | null, actor: Actor): Promise<ThreadView> {
    if (actor.authorKey !== null) return readView(thread, sort, limit, actor);
    const kept = sharedView(thread.id, sort, limit);
    if (kept) return kept;
    const generation = sharedViews.generation(thread.id);
    const view = await readView(thread, sort, limit, actor);
    sharedViews.set(
      thread.id,
      viewKey(sort, limit),
      { view, second: secondOf(Date.parse(view.serverTime)) },
      generation,
    );
    return view;
  }

  async function readView(thread: Thread, sort: SortOrder, limit: number | null, actor: Actor): Promise<ThreadView> {
    // The seq is read first: a change racing the page read is then replayed by catch-up, never missed.
    const seq = await storage.comments.latestChangeSeq(thread.id);
    const page = await pageOf(thread.id, sort, null, limit, actor);
    const pinned = await pinnedOf(thread.id, actor);
    const viewer = pinned.comments.length === 0 ? page.viewer : await viewerStateOf(storage, pinned.comments, actor);
    const current = await moderationSettings.current();
    const isClosed = isThreadClosed(thread, current, clock.now());
    return {
      thread: toPublicThread(thread, isClosed),
      seq,
      settings: {
        ...rules,
        areReactionsEnabled: current.areReactionsEnabled,
        isQuotingEnabled: current.isQuotingEnabled,
      },
      feedback: await feedbackOf(thread.id),
      // To the second: answers to readers with nothing of their own on the page are then the
      // same bytes for a second at a time, which are serialized and compressed once.
      serverTime: new Date(secondOf(clock.now()) * 1000).toISOString(),
      ...page,
      pinned: pinned.nodes,
      viewer: {
        votes: { ...viewer.votes, ...page.viewer.votes },
        reactions: { ...viewer.reactions, ...page.viewer.reactions },
        ownCommentIds: [...new Set([...viewer.ownCommentIds, ...page.viewer.ownCommentIds])],
        ownSources: { ...viewer.ownSources, ...page.viewer.ownSources },
      },
    };
  }

  return {
    /** A page's thread with its first page, created on first use (see ThreadService.openPage). */
    async openThread(request: OpenThreadRequestInput, actor: Actor, opener: PageOpener): Promise<ThreadView> {
      const { page, sort, limit } = request;
      const known = knownPages.get(page.pageId);
      if (known !== undefined && actor.authorKey === null && !threads.isRewriting(known, page, opener)) {
        const kept = sharedView(known.id, sort, limit);
        if (kept) return kept;
      }
      return viewOf(await openPage(request, opener), sort, limit, actor);
    },

    /** The page's thread, created on first use, without reading its comments yet. */
    ensureThread(request: OpenThreadRequestInput, opener: PageOpener): Promise<Thread> {
      return openPage(request, opener);
    },

    viewThread(thread: Thread, { sort, limit }: OpenThreadRequestInput, actor: Actor): Promise<ThreadView> {
      return viewOf(thread, sort, limit, actor);
    },

    async loadThread(threadId: number, sort: SortOrder, limit: number | null, actor: Actor): Promise<ThreadView> {
      return viewOf(await requireThread(threadId), sort, limit, actor);
    },

    async findThreadByPage(pageId: string, sort: SortOrder, limit: number | null, actor: Actor): Promise<ThreadView> {
      const thread = await storage.threads.findThreadByPageId(pageId);
      if (!thread) {
        throw new AppError('THREAD_NOT_FOUND', {
          publicMessage: 'No comment thread exists for this page yet.',
          details: { pageId },
        });
      }
      return viewOf(thread, sort, limit, actor);
    },

    async loadPage({ threadId, sort, cursor, limit, filter }: PageInput, actor: Actor): Promise<CommentPage> {
      // A cached first page of the thread proves it exists (threads are never deleted).
      if (!firstPages.hasThread(threadId)) await requireThread(threadId);
      const after = cursor === null ? null : decodeCursor(cursor, sort, cursorKey);
      return pageOf(threadId, sort, after, limit, actor, filter);
    },

    /** The thread's published feedback, in all and per passage. */
    async countFeedback(threadId: number): Promise<FeedbackCounts> {
      await requireThread(threadId);
      return feedbackOf(threadId);
    },

    async catchUp({ threadId, sinceSeq }: CatchUpInput, actor: Actor): Promise<CatchUp> {
      const thread = await requireThread(threadId);
      const changed = await storage.comments.listChangesSince(threadId, sinceSeq, MAX_CATCH_UP_CHANGES + 1);
      const isComplete = changed.length <= MAX_CATCH_UP_CHANGES;
      const changes = changed.slice(0, MAX_CATCH_UP_CHANGES);
      return {
        changes: changes.map((c) => toPublicComment(c, actor.authorKey)),
        viewer: await viewerStateOf(storage, changes, actor),
        commentCount: thread.commentCount,
        seq: changes.length > 0 ? changes[changes.length - 1].changeSeq : sinceSeq,
        isComplete,
      };
    },

    /** Published-comment counts of pages by their stored page ids; pages without a thread are left out. */
    countComments(pageIds: readonly string[]): Promise<Map<string, number>> {
      return storage.threads.countByPageIds(pageIds);
    },

    /** Each page's thread (null while nobody opened the page) and its published-comment count now. */
    async pageCounts(
      pageIds: readonly string[],
    ): Promise<{ pageId: string; threadId: number | null; commentCount: number }[]> {
      const counts = [];
      for (const pageId of pageIds) {
        const thread = await storage.threads.findThreadByPageId(pageId);
        counts.push({ pageId, threadId: thread?.id ?? null, commentCount: thread?.commentCount ?? 0 });
      }
      return counts;
    },

    /** The thread a comment belongs to (its id), for checking a socket joined it. */
    async threadOfComment(commentId: number): Promise<number> {
      const comment = await storage.comments.findCommentById(commentId);
      if (comment === null) throw commentNotFound(commentId);
      return comment.threadId;
    },

    /** More replies of one conversation, after the last one the reader has. */
    async loadReplies({ rootId, afterId, limit }: RepliesInput, actor: Actor): Promise<RepliesPage> {
      const root = await storage.comments.findCommentById(rootId);
      if (root === null || root.parentId !== null || !isShown(root)) throw commentNotFound(rootId);
      let after: { createdAtMs: number; id: number } | null = null;
      if (afterId !== null) {
        const last = await storage.comments.findCommentById(afterId);
        if (last === null || last.rootId !== rootId) throw commentNotFound(afterId);
        after = { createdAtMs: last.createdAtMs, id: last.id };
      }
      const size = limit ?? MAX_REPLIES_PER_REQUEST;
      const rows = await storage.comments.listConversation({
        rootId,
        after,
        until: null,
        limit: size + 1,
        viewerKey: actor.authorKey,
      });
      const replies = rows.slice(0, size);
      return {
        replies: replies.map((c) => toPublicComment(c, actor.authorKey)),
        hasMore: rows.length > size,
        viewer: await viewerStateOf(storage, replies, actor),
      };
    },

    /** The conversation holding a comment, up to that comment, for permalinks. */
    async commentContext(commentId: number, actor: Actor): Promise<CommentContext> {
      const target = await storage.comments.findCommentById(commentId);
      if (target === null || !isShown(target)) throw commentNotFound(commentId);
      const root = target.parentId === null ? target : await storage.comments.findCommentById(target.rootId);
      if (root === null || !isShown(root)) throw commentNotFound(commentId);
      // The conversation up to the linked reply (at least the usual preview), so it can be shown in place.
      const until = target.id === root.id ? null : { createdAtMs: target.createdAtMs, id: target.id };
      const upTo = until
        ? await storage.comments.listConversation({
            rootId: root.id,
            after: null,
            until,
            limit: MAX_CONTEXT_REPLIES,
            viewerKey: actor.authorKey,
          })
        : [];
      const replies =
        upTo.length >= REPLIES_PREVIEW
          ? upTo
          : await storage.comments.listRepliesOfRoots([root.id], actor.authorKey, REPLIES_PREVIEW);
      const [node] = buildThread([root, ...replies].map((c) => toPublicComment(c, actor.authorKey)));
      return { root: node, viewer: await viewerStateOf(storage, [root, ...replies], actor) };
    },
  };
}
