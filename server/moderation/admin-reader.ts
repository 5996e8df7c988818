// Owns what moderators read: queues and their counts, one comment, threads, bans, the audit log and the team, as the admin protocol shapes them.
import type { AccountStore } from '../accounts/account-store';
import type { BanStore } from '../bans/ban';
import type { MailOutboxStore } from '../notifications/subscription-store';
import type { Clock } from '../clock';
import type { Comment } from '../comments/comment';
import { commentNotFound } from '../comments/comment-rules';
import type { CommentStore } from '../comments/comment-store';
import { AppError } from '../errors';
import { isThreadClosed } from '../policy/moderation-rules';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type {
  AuditEntryView,
  ModComment,
  ModerationSettings,
  ModThread,
  NetworkNeighbours,
  Paged,
  PublicBan,
  PublicOutboxMail,
  PublicModerator,
  QueueCounts,
} from '../protocol/admin-dto';
import type { Thread } from '../threads/thread';
import type { ThreadStore } from '../threads/thread-store';
import { decodeAuditCursor, decodeQueueCursor, encodeAuditCursor, encodeQueueCursor } from './admin-cursor';
import type { AuditListInput, CommentListInput } from './admin-input';
import {
  toAuditEntryView,
  toModComment,
  toModThread,
  toPublicBan,
  toPublicOutboxMail,
  toPublicModerator,
  toPublicSettings,
} from './admin-views';
import { describeTarget, targetRefOf, type AuditTargetNow } from './audit-target';
import { undoRefusalOf } from './audit-undo';
import { loadAuditTarget } from './load-audit-target';
import type { AuditEntry, AuditStore, ModerationStore, SameAuthor } from './moderation-store';

export type AdminReader = ReturnType<typeof createAdminReader>;

/** The stores moderators' reads use, outside any unit of work. */
export interface AdminReadStores {
  comments: CommentStore;
  threads: ThreadStore;
  moderation: ModerationStore;
  bans: BanStore;
  audit: AuditStore;
  accounts: AccountStore;
  outbox: MailOutboxStore;
}

export interface AdminReaderDeps {
  storage: AdminReadStores;
  settings: ModerationSettingsSource;
  clock: Clock;
  /** Signs list cursors; the same stored key as readers' page cursors. */
  cursorKey: Buffer;
}

/** Outbox rows the dashboard lists, newest first. */
export const OUTBOX_PAGE = 100;

/** How far back the ban dialog looks for other readers on a comment's network. */
export const NETWORK_NEIGHBOURS_WINDOW_DAYS = 30;

/** Threads the Threads search answers at most. */
export const THREAD_SEARCH_LIMIT = 50;

/** One reader's comments: by identity when known, else by email, else the comment alone (as authorCommentCount counts them). */
export function sameAuthorAs(comment: Comment): SameAuthor {
  if (comment.authorKey !== null) return { authorKey: comment.authorKey };
  if (comment.authorEmail !== null) return { email: comment.authorEmail };
  return { commentId: comment.id };
}

export function createAdminReader({ storage, settings, clock, cursorKey }: AdminReaderDeps) {
  /** Whether readers find a thread closed now: the one rule behind every answer and live event that says so. */
  async function closedNow(): Promise<(thread: Thread) => boolean> {
    const current = await settings.current();
    const nowMs = clock.now();
    return (thread) => isThreadClosed(thread, current, nowMs);
  }

  /** Moderator views of comments, with one look-up per distinct thread and parent. */
  async function commentViews(comments: readonly Comment[]): Promise<ModComment[]> {
    if (comments.length === 0) return [];
    const isClosed = await closedNow();
    const threads = new Map<number, Thread | null>();
    const parents = new Map<number, Comment | null>();
    for (const c of comments) {
      if (!threads.has(c.threadId)) threads.set(c.threadId, await storage.threads.findThreadById(c.threadId));
      if (c.parentId !== null && !parents.has(c.parentId))
        parents.set(c.parentId, await storage.comments.findCommentById(c.parentId));
    }
    const reports = await storage.moderation.listOpenReports(
      comments.filter((c) => c.reportCount > 0).map((c) => c.id),
    );
    const moderatorNames = new Map((await storage.accounts.listModerators()).map((m) => [m.id, m.displayName]));
    const out: ModComment[] = [];
    for (const c of comments) {
      const thread = threads.get(c.threadId) ?? null;
      out.push(
        toModComment(c, {
          thread,
          isThreadClosed: thread !== null && isClosed(thread),
          parent: c.parentId === null ? null : (parents.get(c.parentId) ?? null),
          reports: reports.get(c.id) ?? [],
          authorCommentCount: await storage.moderation.countByAuthor(c),
          moderatorName: c.moderatedBy === null ? null : (moderatorNames.get(c.moderatedBy) ?? null),
        }),
      );
    }
    return out;
  }

  async function threadView(thread: Thread): Promise<ModThread> {
    return toModThread(thread, (await closedNow())(thread));
  }

  /** Log entries with their targets named and whether each can still be undone, one look-up per distinct target. */
  async function auditViews(entries: readonly AuditEntry[]): Promise<AuditEntryView[]> {
    const targets = new Map<string, AuditTargetNow>();
    const nowMs = clock.now();
    const out: AuditEntryView[] = [];
    for (const entry of entries) {
      const ref = targetRefOf(entry);
      const key = ref === null ? '' : `${ref.type}:${ref.id}`;
      if (!targets.has(key)) targets.set(key, await loadAuditTarget(storage, entry));
      const target = targets.get(key) ?? null;
      out.push(
        toAuditEntryView(entry, {
          ...describeTarget(target),
          canRestore: undoRefusalOf(entry, target, nowMs) === null,
        }),
      );
    }
    return out;
  }

  return {
    commentViews,
    threadView,
    auditViews,

    countQueues(): Promise<QueueCounts> {
      return storage.moderation.countQueues();
    },

    /** A page of a queue, newest first; `authorOf` narrows it to the comments of that comment's author. */
    async listComments(input: CommentListInput): Promise<Paged<ModComment>> {
      const after = input.cursor === null ? null : decodeQueueCursor(input.cursor, cursorKey);
      let sameAuthor: SameAuthor | null = null;
      if (input.authorOf !== null) {
        const origin = await storage.comments.findCommentById(input.authorOf);
        // A filter that names nothing matches nothing, as a thread id with no thread does.
        if (origin === null) return { items: [], nextCursor: null };
        sameAuthor = sameAuthorAs(origin);
      }
      const { queue, threadId, text, author, limit } = input;
      const rows = await storage.moderation.listQueue({
        queue,
        threadId,
        text,
        author,
        sameAuthor,
        after,
        limit: limit + 1,
      });
      const shown = rows.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        items: await commentViews(shown),
        nextCursor:
          rows.length > limit && last
            ? encodeQueueCursor({ createdAtMs: last.createdAtMs, id: last.id }, cursorKey)
            : null,
      };
    },

    async getComment(id: number): Promise<ModComment> {
      const comment = await storage.comments.findCommentById(id);
      if (!comment) throw commentNotFound(id);
      return (await commentViews([comment]))[0];
    },

    /** How many other readers wrote from this comment's network lately: whom a ban by network would also lock out. */
    async networkNeighbours(id: number): Promise<NetworkNeighbours> {
      const comment = await storage.comments.findCommentById(id);
      if (!comment) throw commentNotFound(id);
      const windowDays = NETWORK_NEIGHBOURS_WINDOW_DAYS;
      if (comment.ipHash === null) return { otherReaderCount: null, windowDays };
      const otherReaderCount = await storage.moderation.countOtherReadersOnNetwork({
        ipHash: comment.ipHash,
        sinceMs: clock.now() - windowDays * 86_400_000,
        except: sameAuthorAs(comment),
      });
      return { otherReaderCount, windowDays };
    },

    /** Threads whose page id or title contains the text (all when empty), newest first. */
    async searchThreads(q: string): Promise<{ items: ModThread[] }> {
      const isClosed = await closedNow();
      const threads = await storage.threads.searchThreads(q, THREAD_SEARCH_LIMIT);
      return { items: threads.map((t) => toModThread(t, isClosed(t))) };
    },

    /** The newest mail of the outbox, whatever its state. */
    async listOutbox(): Promise<{ items: PublicOutboxMail[] }> {
      return { items: (await storage.outbox.listRecent(OUTBOX_PAGE)).map(toPublicOutboxMail) };
    },

    async listBans(): Promise<{ items: PublicBan[] }> {
      return { items: (await storage.bans.listActiveBans(clock.now())).map(toPublicBan) };
    },

    async listAudit(input: AuditListInput): Promise<Paged<AuditEntryView>> {
      const beforeId = input.cursor === null ? null : decodeAuditCursor(input.cursor, cursorKey);
      const entries = await storage.audit.listEntries({
        action: input.action,
        moderatorId: input.moderatorId,
        beforeId,
        limit: input.limit + 1,
      });
      const shown = entries.slice(0, input.limit);
      const last = shown[shown.length - 1];
      return {
        items: await auditViews(shown),
        nextCursor: entries.length > input.limit && last ? encodeAuditCursor(last.id, cursorKey) : null,
      };
    },

    /** One entry as the log shows it now: the dashboard asks again when its target changed. */
    async getAuditEntry(id: number): Promise<AuditEntryView> {
      const entry = await storage.audit.findEntryById(id);
      if (!entry)
        throw new AppError('AUDIT_ENTRY_NOT_FOUND', {
          publicMessage: 'No audit entry has that id.',
          details: { entryId: id },
        });
      return (await auditViews([entry]))[0];
    },

    async listModerators(): Promise<{ items: PublicModerator[] }> {
      return { items: (await storage.accounts.listModerators()).map(toPublicModerator) };
    },

    async currentSettings(): Promise<ModerationSettings> {
      return toPublicSettings(await settings.current());
    },
  };
}
