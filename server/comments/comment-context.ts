// Owns what every comment use case shares: its dependencies and the reader-specific view state.
import type { Clock } from '../clock';
import type { Storage } from '../db/storage';
import type { DomainEvents } from '../events';
import type { ModerationSettingsSource } from '../moderation/settings-service';
import type { CommentVoteBursts } from '../abuse/comment-vote-bursts';
import type { NewVoterBursts } from '../abuse/new-voter-bursts';
import type { RateLimiter } from '../abuse/rate-limiter';
import type { SpamChecker } from '../abuse/spam-check';
import type { ViewerState } from '../protocol/dto';
import type { Comment } from './comment';
import { isAuthor } from './comment-rules';

export interface CommentRules {
  editWindowMs: number;
  maxDepth: number;
  pageSize: number;
}

export interface CommentDeps {
  storage: Storage;
  events: DomainEvents;
  clock: Clock;
  rules: CommentRules;
  /** Signs page cursors; kept in the database so cursors survive a restart. */
  cursorKey: Buffer;
  moderationSettings: ModerationSettingsSource;
  abuse: AbuseDefences;
}

export interface AbuseDefences {
  limiter: RateLimiter;
  /** Brand-new identities voting from each network lately, to spot vote stuffing. */
  newVoters: NewVoterBursts;
  /** Votes on each comment from each network lately, whatever the voters' age, to spot stuffing by aged identities. */
  commentVotes: CommentVoteBursts;
  minSubmitMs: number;
  spamCheck: SpamChecker | null;
}

/** Who is acting: a guest identified by the hash of their token, or nobody known. */
export interface Actor {
  authorKey: string | null;
  /** Keyed hash of the client's network address, for bans and rate limits. */
  ipHash: string | null;
  /** The address itself, held only for the request (an outside spam check needs it); never stored. */
  address?: string | null;
  userAgent?: string | null;
}

export async function viewerStateOf(storage: Storage, comments: readonly Comment[], actor: Actor): Promise<ViewerState> {
  const viewer: ViewerState = { votes: {}, ownCommentIds: [] };
  if (actor.authorKey === null || comments.length === 0) return viewer;
  for (const comment of comments) if (isAuthor(comment, actor.authorKey)) viewer.ownCommentIds.push(comment.id);
  const votes = await storage.comments.findVotesByVoter(
    actor.authorKey,
    comments.map((c) => c.id),
  );
  for (const [id, value] of votes) viewer.votes[id] = value === 1 ? 'up' : 'down';
  return viewer;
}
