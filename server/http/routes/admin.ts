// Owns the moderation API under /admin/api: parse, check the moderator, call a service, shape the answer.
import { Router } from 'express';
import type { AccountService } from '../../accounts/account-service';
import { parseEditComment } from '../../comments/comment-input';
import { AppError } from '../../errors';
import type { Identify } from '../../identity/identify';
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
import { parseModerationSettings } from '../../policy/moderation-settings';
import type { CommentAction, ModerationService } from '../../moderation/moderation-service';
import type { SettingsService } from '../../policy/settings-service';
import type { Storage } from '../../db/storage';
import type { Clock } from '../../clock';
import { isThreadClosed } from '../../policy/moderation-rules';
import { FieldReader } from '../../validation/fields';
import type { Comment } from '../../comments/comment';
import {
  clearSessionCookie,
  isSameOrigin,
  moderatorOf,
  readCookie,
  requireAdmin,
  requireModerator,
  sessionOf,
  setSessionCookie,
  ADMIN_COOKIE,
} from '../admin-auth';
import { requireJson } from '../errors';
import { parseIdParam } from './params';

export interface AdminRouteDeps {
  accounts: AccountService;
  moderation: ModerationService;
  settings: SettingsService;
  storage: Storage;
  clock: Clock;
  identify: Identify;
}

const commentIdOf = (raw: string | string[] | undefined) => parseIdParam(raw, 'COMMENT_NOT_FOUND', 'comment');

export function adminRoutes({ accounts, moderation, settings, storage, clock, identify }: AdminRouteDeps): Router {
  const router = Router();
  /** Moderator views of comments, with threads' closedness as readers experience it now. */
  const views = async (comments: readonly Comment[]) => {
    const current = await settings.current();
    const nowMs = clock.now();
    return toModComments(storage, comments, (thread) => isThreadClosed(thread, current, nowMs));
  };

  router.post('/login', requireJson, async (req, res) => {
    if (!isSameOrigin(req.get('origin'), req.get('host'), req.protocol)) {
      throw new AppError('CSRF_FAILED', { publicMessage: 'Log in from the dashboard page.' });
    }
    const { email, password } = parseLogin(req.body);
    const { token, moderator, session } = await accounts.login(email, password, { network: identify.networkOf(req.ip) });
    setSessionCookie(req, res, token);
    res.json({ moderator: toPublicModerator(moderator), csrfToken: session.csrfToken });
  });

  router.use(requireModerator(accounts));

  router.get('/session', (_req, res) => {
    const { moderator, session } = sessionOf(res);
    res.json({ moderator: toPublicModerator(moderator), csrfToken: session.csrfToken });
  });

  router.post('/logout', async (req, res) => {
    await accounts.logout(readCookie(req.get('cookie'), ADMIN_COOKIE) as string);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/queues/counts', async (_req, res) => {
    res.json(await storage.moderation.countQueues());
  });

  router.get('/comments', async (req, res) => {
    const query = parseQueueQuery({ ...req.query });
    const rows = await storage.moderation.listQueue({ ...query, limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    const last = shown[shown.length - 1];
    res.json({
      items: await views(shown),
      nextCursor: rows.length > query.limit && last ? `${last.createdAtMs}:${last.id}` : null,
    });
  });

  router.get('/comments/:id', async (req, res) => {
    const id = commentIdOf(req.params.id);
    const comment = await storage.comments.findCommentById(id);
    if (!comment) throw new AppError('COMMENT_NOT_FOUND', { publicMessage: 'That comment does not exist.', details: { commentId: id } });
    res.json((await views([comment]))[0]);
  });

  const ACTION_PATHS: Record<string, CommentAction> = {
    approve: 'approve',
    remove: 'remove',
    spam: 'spam',
    restore: 'restore',
    'dismiss-reports': 'dismiss-reports',
  };
  router.post('/comments/bulk', async (req, res) => {
    const { action, ids, reason } = parseBulk(req.body);
    res.json({ results: await moderation.applyBulk(ids, action, moderatorOf(res), reason) });
  });
  router.post('/comments/:id/:action', async (req, res, next) => {
    const action = ACTION_PATHS[req.params.action as string];
    if (action === undefined) return next();
    const id = commentIdOf(req.params.id);
    const { reason } = action === 'remove' || action === 'spam' ? parseReasonBody(req.body) : { reason: (parseEmptyBody(req.body), null) };
    const comment = await moderation.applyAction(id, action, moderatorOf(res), reason);
    res.json((await views([comment]))[0]);
  });

  router.post('/comments/:id/pin', async (req, res) => {
    const comment = await moderation.setPinned(commentIdOf(req.params.id), parsePin(req.body).isPinned, moderatorOf(res));
    res.json((await views([comment]))[0]);
  });

  router.patch('/comments/:id', async (req, res) => {
    const { commentId, body } = parseEditComment(req.body, { commentId: commentIdOf(req.params.id) });
    const comment = await moderation.editBody(commentId, body, moderatorOf(res));
    res.json((await views([comment]))[0]);
  });

  router.post('/authors/ban', async (req, res) => {
    const { bans, removedCount } = await moderation.banAuthor(parseBan(req.body), moderatorOf(res));
    res.json({ bans: bans.map(toPublicBan), removedCount });
  });

  router.post('/authors/remove-comments', async (req, res) => {
    const { commentId, reason } = parseCommentIdBody(req.body);
    res.json({ removedCount: await moderation.removeAuthorComments(commentId, reason, moderatorOf(res)) });
  });

  router.get('/bans', async (_req, res) => {
    res.json({ items: (await storage.bans.listActiveBans(clock.now())).map(toPublicBan) });
  });

  router.post('/bans/:id/lift', async (req, res) => {
    parseEmptyBody(req.body);
    res.json(toPublicBan(await moderation.liftBan(parseIdParam(req.params.id, 'BAN_NOT_FOUND', 'ban'), moderatorOf(res))));
  });

  router.get('/threads', async (req, res) => {
    const r = new FieldReader({ ...req.query }, ['q']);
    const q = (r.string('q', { isOptional: true }) ?? '').trim().slice(0, 200);
    r.finish();
    const current = await settings.current();
    const threads = await storage.threads.searchThreads(q, 50);
    res.json({ items: threads.map((t) => toModThread(t, isThreadClosed(t, current, clock.now()))) });
  });

  for (const [path, isClosing] of [['close', true], ['reopen', false]] as const) {
    router.post(`/threads/:id/${path}`, async (req, res) => {
      parseEmptyBody(req.body);
      const id = parseIdParam(req.params.id, 'THREAD_NOT_FOUND', 'thread');
      const thread = isClosing ? await moderation.closeThread(id, moderatorOf(res)) : await moderation.reopenThread(id, moderatorOf(res));
      res.json(toModThread(thread, thread.isClosed));
    });
  }

  router.get('/audit', async (req, res) => {
    const query = parseAuditQuery({ ...req.query });
    const entries = await storage.audit.listEntries({ ...query, limit: query.limit + 1 });
    const shown = entries.slice(0, query.limit);
    res.json({
      items: shown.map(toPublicAuditEntry),
      nextCursor: entries.length > query.limit ? String(shown[shown.length - 1].id) : null,
    });
  });

  router.post('/audit/:id/restore', async (req, res) => {
    parseEmptyBody(req.body);
    const entry = await moderation.restoreFromAudit(parseIdParam(req.params.id, 'AUDIT_ENTRY_NOT_FOUND', 'audit entry'), moderatorOf(res));
    res.json(toPublicAuditEntry(entry));
  });

  router.get('/settings', async (_req, res) => {
    res.json(await settings.current());
  });

  router.put('/settings', requireAdmin, async (req, res) => {
    const next = parseModerationSettings(req.body);
    const saved = await settings.replace(next);
    await moderation.audit(moderatorOf(res), { action: 'settings.update', targetType: 'settings', targetId: 'moderation', reason: null, details: { settings: saved } });
    res.json(saved);
  });

  router.get('/moderators', requireAdmin, async (_req, res) => {
    res.json({ items: (await accounts.listModerators()).map(toPublicModerator) });
  });

  router.post('/moderators', requireAdmin, async (req, res) => {
    const created = await accounts.createModerator(parseNewModerator(req.body));
    await moderation.audit(moderatorOf(res), { action: 'moderator.create', targetType: 'moderator', targetId: String(created.id), reason: null, details: { role: created.role } });
    res.status(201).json(toPublicModerator(created));
  });

  return router;
}
