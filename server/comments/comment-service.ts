// Owns the writing use cases of comments: post, edit and delete, under the site's moderation rules.
import type { SpamCheckInput } from '../abuse/spam-check';
import { AppError } from '../errors';
import { countLinks, findListedWord, holdReasonFor, isThreadClosed } from '../policy/moderation-rules';
import type { ModerationSettings } from '../policy/moderation-settings';
import { renderCommentBody } from '../text/sanitize';
import type { Comment } from './comment';
import type { HeldReason } from '../policy/moderation-rules';
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { BanStore } from '../bans/ban';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type { ThreadStore } from '../threads/thread-store';
import type { CommentEvents } from './comment-events';
import type { CommentStore } from './comment-store';
import type { EditCommentInput, PostCommentInput } from './comment-input';
import { placeComment, requireAuthor, requireEditWindowOpen, requireIdentity, requireLiveComment, type CommentRules } from './comment-rules';
import { threadNotFound } from '../threads/thread-rules';

export type CommentService = ReturnType<typeof createCommentService>;

export interface CommentServiceDeps {
  storage: { comments: CommentStore; threads: ThreadStore; bans: BanStore };
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

function renderOrRefuse(body: string): string {
  const bodyHtml = renderCommentBody(body);
  if (bodyHtml === '') {
    throw new AppError('VALIDATION_FAILED', {
      publicMessage: 'The comment has no text left once unsupported markup is removed.',
      details: { fields: [{ field: 'body', issue: 'required' }] },
    });
  }
  return bodyHtml;
}

/** Refuses text the site does not accept at all; returns a watched word that holds it for review. */
function screenText(texts: string[], bodyHtml: string, settings: ModerationSettings): { watchedWord: string | null; linkCount: number } {
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
  async function requireOwnComment(commentId: number, actor: Actor): Promise<Comment> {
    const authorKey = requireIdentity(actor.authorKey);
    const comment = requireLiveComment(await storage.comments.findCommentById(commentId), commentId, { isPendingAllowed: true });
    requireAuthor(comment, authorKey);
    return comment;
  }

  async function refuseBanned(actor: Actor, email: string | null): Promise<void> {
    const ban = await storage.bans.findActiveBan({ authorKey: actor.authorKey, email, ipHash: actor.ipHash }, clock.now());
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

  return {
    async postComment(input: PostCommentInput, actor: Actor): Promise<Comment> {
      // A retry of a post already stored answers with that comment and changes nothing.
      if (input.clientId !== null) {
        const earlier = await storage.comments.findCommentByClientId(input.clientId);
        if (earlier !== null) {
          if (earlier.authorKey !== actor.authorKey || earlier.threadId !== input.threadId) {
            throw new AppError('VALIDATION_FAILED', {
              publicMessage: 'This comment id is already taken. Reload the page and try again.',
              details: { fields: [{ field: 'clientId', issue: 'invalid' }] },
            });
          }
          return earlier;
        }
      }
      abuse.limiter.spend('post', actor);
      const thread = await storage.threads.findThreadById(input.threadId);
      if (!thread) throw threadNotFound(input.threadId);
      const settings = await moderationSettings.current();
      const nowMs = clock.now();
      if (isThreadClosed(thread, settings, nowMs)) {
        throw new AppError('THREAD_CLOSED', { publicMessage: 'Comments are closed on this page.', details: { threadId: thread.id } });
      }
      await refuseBanned(actor, input.authorEmail);
      const parent = input.parentId === null ? null : await storage.comments.findCommentById(input.parentId);
      const placement = placeComment(thread.id, input.parentId, parent, rules.maxDepth);
      const bodyHtml = renderOrRefuse(input.body);
      const { watchedWord, linkCount } = screenText([input.authorName, input.body], bodyHtml, settings);
      const twin = await storage.comments.findRecentSameBody({
        threadId: thread.id,
        authorKey: actor.authorKey,
        ipHash: actor.ipHash,
        bodySource: input.body,
        sinceMs: nowMs - DUPLICATE_WINDOW_MS,
      });
      if (twin !== null) {
        throw new AppError('DUPLICATE_COMMENT', { publicMessage: 'You already posted this comment.', details: { commentId: twin } });
      }
      const isFirstComment =
        settings.premoderation === 'first' &&
        (actor.authorKey === null || (await storage.comments.countPublishedByAuthorKey(actor.authorKey)) === 0);
      let heldReason: HeldReason | null = holdReasonFor({ settings, linkCount, isFirstComment, watchedWord });
      let status: 'published' | 'pending' | 'spam' = heldReason === null ? 'published' : 'pending';
      if (input.honeypot !== '') {
        // Only software fills a field people cannot see: keep it out of sight, in the Spam queue.
        status = 'spam';
        heldReason = null;
      } else {
        const isTooFast = input.elapsedMs !== null && input.elapsedMs < abuse.minSubmitMs;
        const verdict = abuse.spamCheck ? await abuse.spamCheck(spamCheckInput(input, actor, thread.url)) : 'ham';
        if (verdict === 'spam') {
          status = 'spam';
          heldReason = null;
        } else if (isTooFast || verdict === 'unknown') {
          status = 'pending';
          heldReason ??= 'spam-check';
        }
      }
      const { comment, alsoChanged, threadCommentCount, isDuplicate } = await storage.comments.insertComment({
        threadId: thread.id,
        ...placement,
        authorName: input.authorName,
        authorEmail: input.authorEmail,
        authorKey: actor.authorKey,
        ipHash: actor.ipHash,
        bodySource: input.body,
        bodyHtml,
        createdAtMs: nowMs,
        status,
        heldReason,
        clientId: input.clientId,
      });
      if (isDuplicate) return comment;
      events.emit('comment:created', { comment, threadCommentCount });
      for (const changed of alsoChanged) events.emit('comment:updated', { comment: changed });
      if (comment.status === 'published') events.emit('thread:counted', { threadId: thread.id, commentCount: threadCommentCount });
      return comment;
    },

    async editComment(input: EditCommentInput, actor: Actor): Promise<Comment> {
      // Spent first, as a post's is: an edit renders and writes as much as a post does, and a
      // refused one (not the author, window closed) still cost a read.
      abuse.limiter.spend('edit', actor);
      const comment = await requireOwnComment(input.commentId, actor);
      const nowMs = clock.now();
      requireEditWindowOpen(comment, nowMs, rules.editWindowMs);
      const bodyHtml = renderOrRefuse(input.body);
      const { watchedWord } = screenText([input.body], bodyHtml, await moderationSettings.current());
      let updated = await storage.comments.updateCommentBody({ id: comment.id, bodySource: input.body, bodyHtml, editedAtMs: nowMs });
      if (watchedWord !== null && updated.status === 'published') {
        const held = await storage.comments.setCommentStatus({ id: comment.id, status: 'pending', heldReason: 'watched', moderatorId: null, reason: null, nowMs });
        updated = held.comment;
        for (const changed of held.alsoChanged) events.emit('comment:updated', { comment: changed });
        events.emit('thread:counted', { threadId: updated.threadId, commentCount: held.threadCommentCount });
      }
      events.emit('comment:updated', { comment: updated });
      return updated;
    },

    /** Authors may delete their own comment at any time; replies under it stay. */
    async deleteComment(commentId: number, actor: Actor): Promise<Comment> {
      await requireOwnComment(commentId, actor);
      const { comment, alsoChanged, threadCommentCount } = await storage.comments.markCommentDeleted({ id: commentId, deletedAtMs: clock.now() });
      for (const changed of [comment, ...alsoChanged]) events.emit('comment:updated', { comment: changed });
      events.emit('thread:counted', { threadId: comment.threadId, commentCount: threadCommentCount });
      return comment;
    },
  };
}
