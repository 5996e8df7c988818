// Owns the moderators' use cases as the dashboard asks for them: reads, and actions answered in the admin protocol's shapes.
import type {
  AccountService,
  AuthenticatedModerator,
  LoginRequester,
  NewModeratorInput,
} from '../accounts/account-service';
import type { Moderator } from '../accounts/account-store';
import type { Comment } from '../comments/comment';
import type { ModerationSettings } from '../policy/moderation-settings';
import type {
  AdminSession,
  AuditEntryView,
  BanAnswer,
  BulkResult,
  CommentAction,
  MailPreferences,
  ModComment,
  ModThread,
  PublicBan,
  PublicModerator,
} from '../protocol/admin-dto';
import type { AdminReader } from './admin-reader';
import { toAdminSession, toPublicBan, toPublicModerator } from './admin-views';
import type { ModerationService } from './moderation-service';

export type AdminService = ReturnType<typeof createAdminService>;

export interface AdminServiceDeps {
  reader: AdminReader;
  moderation: ModerationService;
  accounts: AccountService;
}

export function createAdminService({ reader, moderation, accounts }: AdminServiceDeps) {
  const viewOf = async (comment: Comment): Promise<ModComment> => (await reader.commentViews([comment]))[0];

  return {
    ...reader,

    /** Checks the password; the token goes into the session cookie, the answer to the dashboard. */
    async logIn(
      email: string,
      password: string,
      requester: LoginRequester,
    ): Promise<{ token: string; answer: AdminSession }> {
      const { token, moderator, session } = await accounts.login(email, password, requester);
      return { token, answer: toAdminSession(moderator, session.csrfToken) };
    },

    sessionOf({ moderator, session }: AuthenticatedModerator): AdminSession {
      return toAdminSession(moderator, session.csrfToken);
    },

    mailPreferencesOf(moderator: Moderator): Promise<MailPreferences> {
      return accounts.mailPreferencesOf(moderator.id);
    },

    setMailPreferences(preferences: MailPreferences, moderator: Moderator): Promise<MailPreferences> {
      return accounts.setMailPreferences(moderator.id, preferences);
    },

    logOut(token: string): Promise<void> {
      return accounts.logout(token);
    },

    async applyAction(
      id: number,
      action: CommentAction,
      moderator: Moderator,
      reason: string | null,
    ): Promise<ModComment> {
      return viewOf(await moderation.applyAction(id, action, moderator, reason));
    },

    async applyBulk(
      ids: readonly number[],
      action: CommentAction,
      moderator: Moderator,
      reason: string | null,
    ): Promise<{ results: BulkResult[] }> {
      const results = await moderation.applyBulk(ids, action, moderator, reason);
      return {
        results: results.map((r) =>
          r.error === undefined
            ? { id: r.id, ok: r.ok }
            : { id: r.id, ok: r.ok, error: { code: r.error.code, message: r.error.message } },
        ),
      };
    },

    async setPinned(id: number, isPinned: boolean, moderator: Moderator): Promise<ModComment> {
      return viewOf(await moderation.setPinned(id, isPinned, moderator));
    },

    async editBody(id: number, body: string, moderator: Moderator): Promise<ModComment> {
      return viewOf(await moderation.editBody(id, body, moderator));
    },

    async banAuthor(input: Parameters<ModerationService['banAuthor']>[0], moderator: Moderator): Promise<BanAnswer> {
      const { bans, removedCount } = await moderation.banAuthor(input, moderator);
      return { bans: bans.map(toPublicBan), removedCount };
    },

    async removeAuthorComments(
      commentId: number,
      reason: string | null,
      moderator: Moderator,
    ): Promise<{ removedCount: number }> {
      return { removedCount: await moderation.removeAuthorComments(commentId, reason, moderator) };
    },

    async liftBan(id: number, moderator: Moderator): Promise<PublicBan> {
      return toPublicBan(await moderation.liftBan(id, moderator));
    },

    /** The thread as readers find it afterwards (a reopened thread is open whatever its age). */
    async setThreadClosed(id: number, isClosed: boolean, moderator: Moderator): Promise<ModThread> {
      return reader.threadView(
        isClosed ? await moderation.closeThread(id, moderator) : await moderation.reopenThread(id, moderator),
      );
    },

    /** The entry of the undo, as the log shows it. */
    async restoreFromAudit(entryId: number, moderator: Moderator): Promise<AuditEntryView> {
      return (await reader.auditViews([await moderation.restoreFromAudit(entryId, moderator)]))[0];
    },

    async replaceSettings(next: ModerationSettings, moderator: Moderator): Promise<ModerationSettings> {
      await moderation.replaceSettings(next, moderator);
      return reader.currentSettings();
    },

    /** The password is hashed first, outside the unit of work that stores the account and logs it. */
    async addModerator(input: NewModeratorInput, moderator: Moderator): Promise<PublicModerator> {
      return toPublicModerator(await moderation.addModerator(await accounts.prepareModerator(input), moderator));
    },
  };
}
