// Owns the moderation API under /admin/api: parse, call a service, shape the answer. Who may call it is each declaration's identity.
import type { AccountService } from '../../accounts/account-service';
import { SESSION_TTL_MS } from '../../accounts/account-service';
import { clearedSessionCookie, sessionCookie } from '../../accounts/session-cookie';
import type { Clock } from '../../clock';
import type { Comment } from '../../comments/comment';
import { parseEditComment } from '../../comments/comment-input';
import type { Storage } from '../../db/storage';
import { AppError } from '../../errors';
import {
  parseAuditQuery,
  parseBan,
  parseBulk,
  parseCommentIdBody,
  parseEmptyBody,
  parseLogin,
  parseNewModerator,
  parsePin,
  parseQueueQuery,
  parseReasonBody,
} from '../../moderation/admin-input';
import { toModComments, toModThread, toPublicAuditEntry, toPublicBan, toPublicModerator } from '../../moderation/mod-comment';
import type { CommentAction, ModerationService } from '../../moderation/moderation-service';
import { isThreadClosed } from '../../policy/moderation-rules';
import { parseModerationSettings } from '../../policy/moderation-settings';
import type { SettingsService } from '../../policy/settings-service';
import { FieldReader } from '../../validation/fields';
import { Reply, route, type Route } from '../route';
import { parseIdParam } from './params';

export interface AdminRouteDeps {
  accounts: AccountService;
  moderation: ModerationService;
  settings: SettingsService;
  storage: Storage;
  clock: Clock;
}

const commentIdOf = (raw: string | undefined) => parseIdParam(raw, 'COMMENT_NOT_FOUND', 'comment');

/** What a moderator's request for one action on one comment reads: the comment, and a reason where the action takes one. */
const COMMENT_ACTIONS: readonly CommentAction[] = ['approve', 'remove', 'spam', 'restore', 'dismiss-reports'];

export function adminRoutes({ accounts, moderation, settings, storage, clock }: AdminRouteDeps): Route[] {
  /** Moderator views of comments, with threads' closedness as readers experience it now. */
  const views = async (comments: readonly Comment[]) => {
    const current = await settings.current();
    const nowMs = clock.now();
    return toModComments(storage, comments, (thread) => isThreadClosed(thread, current, nowMs));
  };
  const viewOf = async (comment: Comment) => (await views([comment]))[0];

  return [
    route({
      method: 'POST',
      path: '/admin/api/login',
      body: 'json',
      identity: 'network',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseLogin(body),
      handle: async ({ email, password }, caller) => {
        const { token, moderator, session } = await accounts.login(email, password, { network: caller.network() });
        const cookie = sessionCookie(token, { isSecure: caller.isHttps, nowMs: clock.now(), maxAgeMs: SESSION_TTL_MS });
        return new Reply(200, { moderator: toPublicModerator(moderator), csrfToken: session.csrfToken }, [['Set-Cookie', cookie]]);
      },
    }),

    route({
      method: 'GET',
      path: '/admin/api/session',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: async (_input, caller) => {
        const { moderator, session } = caller.moderator();
        return { moderator: toPublicModerator(moderator), csrfToken: session.csrfToken };
      },
    }),

    route({
      method: 'POST',
      path: '/admin/api/logout',
      body: 'json-if-any',
      identity: 'moderator',
      status: 204,
      answer: 'empty',
      parse: () => undefined,
      handle: async (_input, caller) => {
        await accounts.logout(caller.sessionToken());
        return new Reply(204, undefined, [['Set-Cookie', clearedSessionCookie({ isSecure: caller.isHttps })]]);
      },
    }),

    route({
      method: 'GET',
      path: '/admin/api/queues/counts',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => storage.moderation.countQueues(),
    }),

    route({
      method: 'GET',
      path: '/admin/api/comments',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ query }) => parseQueueQuery({ ...query }),
      handle: async (query) => {
        const rows = await storage.moderation.listQueue({ ...query, limit: query.limit + 1 });
        const shown = rows.slice(0, query.limit);
        const last = shown[shown.length - 1];
        return { items: await views(shown), nextCursor: rows.length > query.limit && last ? `${last.createdAtMs}:${last.id}` : null };
      },
    }),

    route({
      method: 'GET',
      path: '/admin/api/comments/:id',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params }) => commentIdOf(params.id),
      handle: async (id) => {
        const comment = await storage.comments.findCommentById(id);
        if (!comment) throw new AppError('COMMENT_NOT_FOUND', { publicMessage: 'That comment does not exist.', details: { commentId: id } });
        return viewOf(comment);
      },
    }),

    route({
      method: 'POST',
      path: '/admin/api/comments/bulk',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseBulk(body),
      handle: async ({ action, ids, reason }, caller) => ({ results: await moderation.applyBulk(ids, action, caller.moderator().moderator, reason) }),
    }),

    ...COMMENT_ACTIONS.map((action) =>
      route({
        method: 'POST',
        path: `/admin/api/comments/:id/${action}`,
        body: 'json-if-any',
        identity: 'moderator',
        status: 200,
        answer: 'json',
        parse: ({ params, body }) => {
          const id = commentIdOf(params.id);
          if (action === 'remove' || action === 'spam') return { id, ...parseReasonBody(body) };
          parseEmptyBody(body);
          return { id, reason: null };
        },
        handle: async ({ id, reason }, caller) => viewOf(await moderation.applyAction(id, action, caller.moderator().moderator, reason)),
      }),
    ),

    route({
      method: 'POST',
      path: '/admin/api/comments/:id/pin',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => ({ id: commentIdOf(params.id), ...parsePin(body) }),
      handle: async ({ id, isPinned }, caller) => viewOf(await moderation.setPinned(id, isPinned, caller.moderator().moderator)),
    }),

    route({
      method: 'PATCH',
      path: '/admin/api/comments/:id',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => parseEditComment(body, { commentId: commentIdOf(params.id) }),
      handle: async ({ commentId, body }, caller) => viewOf(await moderation.editBody(commentId, body, caller.moderator().moderator)),
    }),

    route({
      method: 'POST',
      path: '/admin/api/authors/ban',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseBan(body),
      handle: async (input, caller) => {
        const { bans, removedCount } = await moderation.banAuthor(input, caller.moderator().moderator);
        return { bans: bans.map(toPublicBan), removedCount };
      },
    }),

    route({
      method: 'POST',
      path: '/admin/api/authors/remove-comments',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseCommentIdBody(body),
      handle: async ({ commentId, reason }, caller) => ({ removedCount: await moderation.removeAuthorComments(commentId, reason, caller.moderator().moderator) }),
    }),

    route({
      method: 'GET',
      path: '/admin/api/bans',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: async () => ({ items: (await storage.bans.listActiveBans(clock.now())).map(toPublicBan) }),
    }),

    route({
      method: 'POST',
      path: '/admin/api/bans/:id/lift',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => {
        parseEmptyBody(body);
        return parseIdParam(params.id, 'BAN_NOT_FOUND', 'ban');
      },
      handle: async (id, caller) => toPublicBan(await moderation.liftBan(id, caller.moderator().moderator)),
    }),

    route({
      method: 'GET',
      path: '/admin/api/threads',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ query }) => {
        const r = new FieldReader({ ...query }, ['q']);
        const q = (r.string('q', { isOptional: true }) ?? '').trim().slice(0, 200);
        r.finish();
        return q;
      },
      handle: async (q) => {
        const current = await settings.current();
        const threads = await storage.threads.searchThreads(q, 50);
        return { items: threads.map((t) => toModThread(t, isThreadClosed(t, current, clock.now()))) };
      },
    }),

    ...([['close', true], ['reopen', false]] as const).map(([action, isClosing]) =>
      route({
        method: 'POST',
        path: `/admin/api/threads/:id/${action}`,
        body: 'json-if-any',
        identity: 'moderator',
        status: 200,
        answer: 'json',
        parse: ({ params, body }) => {
          parseEmptyBody(body);
          return parseIdParam(params.id, 'THREAD_NOT_FOUND', 'thread');
        },
        handle: async (id, caller) => {
          const { moderator } = caller.moderator();
          const thread = isClosing ? await moderation.closeThread(id, moderator) : await moderation.reopenThread(id, moderator);
          return toModThread(thread, thread.isClosed);
        },
      }),
    ),

    route({
      method: 'GET',
      path: '/admin/api/audit',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ query }) => parseAuditQuery({ ...query }),
      handle: async (query) => {
        const entries = await storage.audit.listEntries({ ...query, limit: query.limit + 1 });
        const shown = entries.slice(0, query.limit);
        return { items: shown.map(toPublicAuditEntry), nextCursor: entries.length > query.limit ? String(shown[shown.length - 1].id) : null };
      },
    }),

    route({
      method: 'POST',
      path: '/admin/api/audit/:id/restore',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => {
        parseEmptyBody(body);
        return parseIdParam(params.id, 'AUDIT_ENTRY_NOT_FOUND', 'audit entry');
      },
      handle: async (id, caller) => toPublicAuditEntry(await moderation.restoreFromAudit(id, caller.moderator().moderator)),
    }),

    route({
      method: 'GET',
      path: '/admin/api/settings',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => settings.current(),
    }),

    route({
      method: 'PUT',
      path: '/admin/api/settings',
      body: 'json-if-any',
      identity: 'admin',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseModerationSettings(body),
      handle: async (next, caller) => {
        const saved = await settings.replace(next);
        await moderation.audit(caller.moderator().moderator, { action: 'settings.update', targetType: 'settings', targetId: 'moderation', reason: null, details: { settings: saved } });
        return saved;
      },
    }),

    route({
      method: 'GET',
      path: '/admin/api/moderators',
      body: 'none',
      identity: 'admin',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: async () => ({ items: (await accounts.listModerators()).map(toPublicModerator) }),
    }),

    route({
      method: 'POST',
      path: '/admin/api/moderators',
      body: 'json-if-any',
      identity: 'admin',
      status: 201,
      answer: 'json',
      parse: ({ body }) => parseNewModerator(body),
      handle: async (input, caller) => {
        const created = await accounts.createModerator(input);
        await moderation.audit(caller.moderator().moderator, { action: 'moderator.create', targetType: 'moderator', targetId: String(created.id), reason: null, details: { role: created.role } });
        return toPublicModerator(created);
      },
    }),
  ];
}
