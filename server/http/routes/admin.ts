// Owns the moderation API under /admin/api: parse, call the admin service, answer. Who may call it is each declaration's identity.
import { SESSION_TTL_MS } from '../../accounts/account-service';
import { clearedSessionCookie, sessionCookie } from '../../accounts/session-cookie';
import type { Clock } from '../../clock';
import { parseEditComment } from '../../comments/comment-input';
import {
  parseAuditQuery,
  parseBan,
  parseBulk,
  parseCommentIdBody,
  parseEmptyBody,
  parseLogin,
  parseMailPreferences,
  parseNewModerator,
  parsePin,
  parseQueueQuery,
  parseReasonBody,
  parseThreadSearch,
} from '../../moderation/admin-input';
import type { AdminService } from '../../moderation/admin-service';
import { parseModerationSettings } from '../../policy/moderation-settings';
import type { CommentAction } from '../../protocol/admin-dto';
import { Reply, route, type Route } from '../route';
import { parseIdParam } from './params';

export interface AdminRouteDeps {
  admin: AdminService;
  clock: Clock;
}

const commentIdOf = (raw: string | undefined) => parseIdParam(raw, 'COMMENT_NOT_FOUND', 'comment');
const auditIdOf = (raw: string | undefined) => parseIdParam(raw, 'AUDIT_ENTRY_NOT_FOUND', 'audit entry');

const COMMENT_ACTIONS: readonly CommentAction[] = ['approve', 'remove', 'spam', 'restore', 'dismiss-reports'];
/** Actions that take a moderator's reason; the others take an empty body. */
const isReasoned = (action: CommentAction) => action === 'remove' || action === 'spam';

export function adminRoutes({ admin, clock }: AdminRouteDeps): Route[] {
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
        const { token, answer } = await admin.logIn(email, password, { network: caller.network() });
        const cookie = sessionCookie(token, { isSecure: caller.isHttps, nowMs: clock.now(), maxAgeMs: SESSION_TTL_MS });
        return new Reply(200, answer, [['Set-Cookie', cookie]]);
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
      handle: async (_input, caller) => admin.sessionOf(caller.moderator()),
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
        await admin.logOut(caller.sessionToken());
        return new Reply(204, undefined, [['Set-Cookie', clearedSessionCookie({ isSecure: caller.isHttps })]]);
      },
    }),

    route({
      method: 'GET',
      path: '/admin/api/account/mail',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: (_input, caller) => admin.mailPreferencesOf(caller.moderator().moderator),
    }),

    route({
      method: 'PUT',
      path: '/admin/api/account/mail',
      body: 'json',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseMailPreferences(body),
      handle: (preferences, caller) => admin.setMailPreferences(preferences, caller.moderator().moderator),
    }),

    route({
      method: 'GET',
      path: '/admin/api/queues/counts',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => admin.countQueues(),
    }),

    route({
      method: 'GET',
      path: '/admin/api/comments',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ query }) => parseQueueQuery({ ...query }),
      handle: (query) => admin.listComments(query),
    }),

    route({
      method: 'GET',
      path: '/admin/api/comments/:id',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params }) => commentIdOf(params.id),
      handle: (id) => admin.getComment(id),
    }),

    route({
      method: 'GET',
      path: '/admin/api/comments/:id/network',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params }) => commentIdOf(params.id),
      handle: (id) => admin.networkNeighbours(id),
    }),

    route({
      method: 'POST',
      path: '/admin/api/comments/bulk',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseBulk(body),
      handle: ({ action, ids, reason }, caller) => admin.applyBulk(ids, action, caller.moderator().moderator, reason),
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
          if (isReasoned(action)) return { id, ...parseReasonBody(body) };
          parseEmptyBody(body);
          return { id, reason: null };
        },
        handle: ({ id, reason }, caller) => admin.applyAction(id, action, caller.moderator().moderator, reason),
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
      handle: ({ id, isPinned }, caller) => admin.setPinned(id, isPinned, caller.moderator().moderator),
    }),

    route({
      method: 'PATCH',
      path: '/admin/api/comments/:id',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => parseEditComment(body, { commentId: commentIdOf(params.id) }),
      handle: ({ commentId, body }, caller) => admin.editBody(commentId, body, caller.moderator().moderator),
    }),

    route({
      method: 'POST',
      path: '/admin/api/authors/ban',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseBan(body),
      handle: (input, caller) => admin.banAuthor(input, caller.moderator().moderator),
    }),

    route({
      method: 'POST',
      path: '/admin/api/authors/remove-comments',
      body: 'json-if-any',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseCommentIdBody(body),
      handle: ({ commentId, reason }, caller) =>
        admin.removeAuthorComments(commentId, reason, caller.moderator().moderator),
    }),

    // Readers' addresses: admins only.
    route({
      method: 'GET',
      path: '/admin/api/outbox',
      body: 'none',
      identity: 'admin',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => admin.listOutbox(),
    }),

    route({
      method: 'GET',
      path: '/admin/api/bans',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => admin.listBans(),
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
      handle: (id, caller) => admin.liftBan(id, caller.moderator().moderator),
    }),

    route({
      method: 'GET',
      path: '/admin/api/threads',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ query }) => parseThreadSearch({ ...query }).q,
      handle: (q) => admin.searchThreads(q),
    }),

    ...(
      [
        ['close', true],
        ['reopen', false],
      ] as const
    ).map(([action, isClosing]) =>
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
        handle: (id, caller) => admin.setThreadClosed(id, isClosing, caller.moderator().moderator),
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
      handle: (query) => admin.listAudit(query),
    }),

    route({
      method: 'GET',
      path: '/admin/api/audit/:id',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: ({ params }) => auditIdOf(params.id),
      handle: (id) => admin.getAuditEntry(id),
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
        return auditIdOf(params.id);
      },
      handle: (id, caller) => admin.restoreFromAudit(id, caller.moderator().moderator),
    }),

    route({
      method: 'GET',
      path: '/admin/api/settings',
      body: 'none',
      identity: 'moderator',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => admin.currentSettings(),
    }),

    route({
      method: 'PUT',
      path: '/admin/api/settings',
      body: 'json-if-any',
      identity: 'admin',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parseModerationSettings(body),
      handle: (next, caller) => admin.replaceSettings(next, caller.moderator().moderator),
    }),

    route({
      method: 'GET',
      path: '/admin/api/moderators',
      body: 'none',
      identity: 'admin',
      status: 200,
      answer: 'json',
      parse: () => undefined,
      handle: () => admin.listModerators(),
    }),

    route({
      method: 'POST',
      path: '/admin/api/moderators',
      body: 'json-if-any',
      identity: 'admin',
      status: 201,
      answer: 'json',
      parse: ({ body }) => parseNewModerator(body),
      handle: (input, caller) => admin.addModerator(input, caller.moderator().moderator),
    }),
  ];
}
