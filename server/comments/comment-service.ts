// Owns the writing use cases of comments: post, edit and delete, under the site's moderation rules.
import type { SpamCheckInput } from '../abuse/spam-check';
import { AppError } from '../errors';
import { countLinks, findListedWord, holdReasonFor, isThreadClosed } from '../policy/moderation-rules';
import type { ModerationSettings } from '../policy/moderation-settings';
import { anchorAllowed } from './comment-anchor';
import { hasNoText, renderMarkdownBody } from '../text/markdown';
import { linkMentions, mentionTargets } from '../text/mentions';
import type { Comment } from './comment';
import type { HeldReason } from '../policy/moderation-rules';
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { BanStore } from '../bans/ban';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type { CommentEvents } from './comment-events';
import { addComment, changeStatus, type CommentChangeStores } from './comment-changes';
import type { CommentChange } from './comment-store';
import type { UnitOfWork } from '../unit-of-work';
import type { SpamVerdict } from '../abuse/spam-check';
import type { EditCommentInput, PostCommentInput } from './comment-input';
import {
  bodyShowsNothing,
  placeComment,
  requireAuthor,
  requireEditWindowOpen,
  requireIdentity,
  requireLiveComment,
  type CommentRules,
} from './comment-rules';
import { threadNotFound } from '../threads/thread-rules';
import { subscribeInUnit } from '../notifications/notice-queue';
import { normalizeEmail } from '../notifications/subscription-input';

export type CommentService = ReturnType<typeof createCommentService>;

/** The stores a comment's use cases read and write, inside a unit of work or outside one. */
export type CommentStores = CommentChangeStores & { bans: BanStore };

export interface CommentServiceDeps {
  storage: CommentStores & UnitOfWork<CommentStores>;
  events: EventSink<CommentEvents>;
  clock: Clock;
  rules: CommentRules;
  moderationSettings: ModerationSettingsSource;
  abuse: AbuseDefences;
}

function spamCheckInput(input: PostCommentInput, actor: Actor, permalink: string | null): SpamCheckInput {
  return {
    address: actor.address ?? null,
    userAgent: actor.userAgent ?? null,
    permalink,
    authorName: input.authorName,
    authorEmail: input.authorEmail,
    body: input.body,
  };
}

/** A reader's body is Markdown source; what it renders to must show some text. */
function renderOrRefuse(body: string): string {
  const bodyHtml = renderMarkdownBody(body);
  if (hasNoText(bodyHtml)) throw bodyShowsNothing();
  return bodyHtml;
}

/** Refuses text the site does not accept at all; returns a watched word that holds it for review. */
/**
 * The rendered body with its mentions of the thread's authors linked to their latest comments.
 * The thread's names are read only when the source has an `@`, inside the unit: the names are those
 * of the comments there as it commits.
 */
async function withMentions(tx: CommentChangeStores, threadId: number, source: string, bodyHtml: string) {
  if (!source.includes('@')) return bodyHtml;
  return linkMentions(bodyHtml, mentionTargets(await tx.comments.listAuthorNames(threadId)));
}

function screenText(
  texts: string[],
  bodyHtml: string,
  settings: ModerationSettings,
): { watchedWord: string | null; linkCount: number } {
  const text = texts.join('\n');
  const banned = findListedWord(text, settings.bannedWords);
  if (banned !== null) {
    throw new AppError('BANNED_WORD', {
      publicMessage: `This site does not accept comments containing "${banned}". Please rephrase.`,
      details: { word: banned },
    });
  }
  const linkCount = countLinks(bodyHtml);
  if (settings.maxLinks !== null && linkCount > settings.maxLinks) {
    throw new AppError('TOO_MANY_LINKS', {
      publicMessage: `Comments may contain at most ${settings.maxLinks} links.`,
      details: { maxLinks: settings.maxLinks, linkCount },
    });
  }
  return { watchedWord: findListedWord(text, settings.watchedWords), linkCount };
}

/** The same text again from the same author within this time is a double post. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export function createCommentService({ storage, events, clock, rules, moderationSettings, abuse }: CommentServiceDeps) {
  async function requireOwnComment(stores: CommentStores, commentId: number, actor: Actor): Promise<Comment> {
    const authorKey = requireIdentity(actor.authorKey);
    const comment = requireLiveComment(await stores.comments.findCommentById(commentId), commentId, {
      isPendingAllowed: true,
    });
    requireAuthor(comment, authorKey);
    return comment;
  }

  async function refuseBanned(stores: CommentStores, actor: Actor, email: string | null, nowMs: number): Promise<void> {
    const ban = await stores.bans.findActiveBan({ authorKey: actor.authorKey, email, ipHash: actor.ipHash }, nowMs);
    if (ban !== null) {
      throw new AppError('AUTHOR_BANNED', {
        publicMessage:
          ban.expiresAtMs === null
            ? 'You can no longer comment on this site.'
            : `You cannot comment on this site until ${new Date(ban.expiresAtMs).toUTCString()}.`,
        details: { until: ban.expiresAtMs === null ? null : new Date(ban.expiresAtMs).toISOString() },
      });
    }
  }

  /** A retry of a post already stored (same client id): that comment, or a refusal when the id is someone else's. */
  async function earlierCopy(stores: CommentStores, input: PostCommentInput, actor: Actor): Promise<Comment | null> {
    if (input.clientId === null) return null;
    const earlier = await stores.comments.findCommentByClientId(input.clientId);
    if (earlier !== null && (earlier.authorKey !== actor.authorKey || earlier.threadId !== input.threadId)) {
      throw new AppError('VALIDATION_FAILED', {
        publicMessage: 'This comment id is already taken. Reload the page and try again.',
        details: { fields: [{ field: 'clientId', issue: 'invalid' }] },
      });
    }
    return earlier;
  }

  /** Work done before a post's unit of work: nothing here reads the database. */
  interface Prepared {
    settings: ModerationSettings;
    nowMs: number;
    /** The rendered body, or why the text is refused (thrown where the rules put that check). */
    text: { bodyHtml: string; watchedWord: string | null; linkCount: number } | { refusal: unknown };
  }

  /**
   * Everything a post must pass that the database decides: the thread is open, the author is not
   * banned, the parent fits, the text is not a double post. Run inside the post's unit of work,
   * so nothing changes between the checks and the write; run once before it too when an outside
   * spam check must be asked, so comments refused anyway are never sent out.
   */
  async function checkPost(stores: CommentStores, input: PostCommentInput, actor: Actor, prepared: Prepared) {
    const { settings, nowMs } = prepared;
    const thread = await stores.threads.findThreadById(input.threadId);
    if (!thread) throw threadNotFound(input.threadId);
    if (isThreadClosed(thread, settings, nowMs)) {
      throw new AppError('THREAD_CLOSED', {
        publicMessage: 'Comments are closed on this page.',
        details: { threadId: thread.id },
      });
    }
    await refuseBanned(stores, actor, input.authorEmail, nowMs);
    const parent = input.parentId === null ? null : await stores.comments.findCommentById(input.parentId);
    const placement = placeComment(thread.id, input.parentId, parent, rules.maxDepth);
    if ('refusal' in prepared.text) throw prepared.text.refusal;
    const twin = await stores.comments.findRecentSameBody({
      threadId: thread.id,
      authorKey: actor.authorKey,
      ipHash: actor.ipHash,
      bodySource: input.body,
      sinceMs: nowMs - DUPLICATE_WINDOW_MS,
    });
    if (twin !== null) {
      throw new AppError('DUPLICATE_COMMENT', {
        publicMessage: 'You already posted this comment.',
        details: { commentId: twin },
      });
    }
    const isFirstComment =
      settings.premoderation === 'first' &&
      (actor.authorKey === null || (await stores.comments.countPublishedByAuthorKey(actor.authorKey)) === 0);
    return { thread, placement, text: prepared.text, isFirstComment };
  }

  function announce(change: CommentChange, isCountChanged: boolean): void {
    for (const changed of change.alsoChanged) events.emit('comment:updated', { comment: changed });
    if (isCountChanged)
      events.emit('thread:counted', { threadId: change.comment.threadId, commentCount: change.threadCommentCount });
  }

  return {
    async postComment(input: PostCommentInput, actor: Actor): Promise<Comment> {
      // A retry of a post already stored answers with that comment and changes nothing.
      const earlier = await earlierCopy(storage, input, actor);
      if (earlier !== null) return earlier;
      await abuse.limiter.spend('post', actor);
      const settings = await moderationSettings.current();
      let text: Prepared['text'];
      try {
        const bodyHtml = renderOrRefuse(input.body);
        text = { bodyHtml, ...screenText([input.authorName, input.body], bodyHtml, settings) };
      } catch (refusal) {
        text = { refusal };
      }
      const prepared: Prepared = { settings, nowMs: clock.now(), text };
      let verdict: SpamVerdict = 'ham';
      if (input.honeypot === '' && abuse.spamCheck !== null) {
        const { thread } = await checkPost(storage, input, actor, prepared);
        verdict = await abuse.spamCheck(spamCheckInput(input, actor, thread.url));
      }
      const outcome = await storage.transaction(async (tx) => {
        // Two copies of one post sent at once: the second finds the first here and stores nothing.
        const copy = await earlierCopy(tx, input, actor);
        if (copy !== null) return { comment: copy, change: null };
        const { thread, placement, text: accepted, isFirstComment } = await checkPost(tx, input, actor, prepared);
        const {
          bodyHtml: rendered,
          watchedWord,
          linkCount,
        } = accepted as {
          bodyHtml: string;
          watchedWord: string | null;
          linkCount: number;
        };
        const bodyHtml = await withMentions(tx, thread.id, input.body, rendered);
        let heldReason: HeldReason | null = holdReasonFor({ settings, linkCount, isFirstComment, watchedWord });
        let status: 'published' | 'pending' | 'spam' = heldReason === null ? 'published' : 'pending';
        const isTooFast = input.elapsedMs !== null && input.elapsedMs < abuse.minSubmitMs;
        if (input.honeypot !== '' || verdict === 'spam') {
          // Only software fills a field people cannot see: keep it out of sight, in the Spam queue.
          status = 'spam';
          heldReason = null;
        } else if (isTooFast || verdict === 'unknown') {
          status = 'pending';
          heldReason ??= 'spam-check';
        }
        const change = await addComment(tx, {
          threadId: thread.id,
          ...placement,
          authorName: input.authorName,
          authorEmail: input.authorEmail,
          authorKey: actor.authorKey,
          ipHash: actor.ipHash,
          bodySource: input.body,
          bodyFormat: 'markdown',
          bodyHtml,
          createdAtMs: prepared.nowMs,
          status,
          heldReason,
          clientId: input.clientId,
          anchor: anchorAllowed(input.anchor ?? null, settings),
        });
        // "Notify me of replies" is kept with the comment, and asks a new address to confirm first.
        const email = input.notifyReplies && input.authorEmail !== null ? normalizeEmail(input.authorEmail) : null;
        if (email !== null)
          await subscribeInUnit(
            tx,
            { threadId: thread.id, email, kind: 'replies', authorKey: actor.authorKey },
            prepared.nowMs,
          );
        return { comment: change.comment, change };
      });
      const { comment, change } = outcome;
      if (change === null) return comment;
      events.emit('comment:created', { comment, threadCommentCount: change.threadCommentCount });
      announce(change, comment.status === 'published');
      return comment;
    },

    async editComment(input: EditCommentInput, actor: Actor): Promise<Comment> {
      // Spent first, as a post's is: an edit renders and writes as much as a post does, and a
      // refused one (not the author, window closed) still cost a read.
      await abuse.limiter.spend('edit', actor);
      const settings = await moderationSettings.current();
      let text: { bodyHtml: string; watchedWord: string | null } | { refusal: unknown };
      try {
        const bodyHtml = renderOrRefuse(input.body);
        text = { bodyHtml, watchedWord: screenText([input.body], bodyHtml, settings).watchedWord };
      } catch (refusal) {
        text = { refusal };
      }
      const nowMs = clock.now();
      const { updated, held } = await storage.transaction(async (tx) => {
        const comment = await requireOwnComment(tx, input.commentId, actor);
        requireEditWindowOpen(comment, nowMs, rules.editWindowMs);
        if ('refusal' in text) throw text.refusal;
        const { watchedWord } = text;
        const bodyHtml = await withMentions(tx, comment.threadId, input.body, text.bodyHtml);
        const seq = await tx.comments.nextChangeSeq();
        const edited = await tx.comments.updateBody({
          id: comment.id,
          // The widget edits every body as Markdown, older HTML ones included.
          bodySource: input.body,
          bodyFormat: 'markdown',
          bodyHtml,
          editedAtMs: nowMs,
          changeSeq: seq,
        });
        if (watchedWord === null || edited.status !== 'published') return { updated: edited, held: null };
        const change = await changeStatus(tx, {
          id: comment.id,
          status: 'pending',
          heldReason: 'watched',
          nowMs,
          moderation: { moderatorId: null, reason: null },
        });
        return { updated: change.comment, held: change };
      });
      if (held !== null) announce(held, true);
      events.emit('comment:updated', { comment: updated });
      return updated;
    },

    /**
     * What a draft will look like once posted: the same render as a post, with nothing stored.
     * Spends its own allowance: it costs a post's render.
     */
    async previewBody(body: string, actor: Actor): Promise<{ bodyHtml: string }> {
      await abuse.limiter.spend('preview', actor);
      return { bodyHtml: renderMarkdownBody(body) };
    },

    /** Authors may delete their own comment at any time; replies under it stay. */
    async deleteComment(commentId: number, actor: Actor): Promise<Comment> {
      const nowMs = clock.now();
      const change = await storage.transaction(async (tx) => {
        await requireOwnComment(tx, commentId, actor);
        return changeStatus(tx, { id: commentId, status: 'deleted', nowMs, isDeletedByAuthor: true });
      });
      events.emit('comment:updated', { comment: change.comment });
      announce(change, true);
      return change.comment;
    },
  };
}
