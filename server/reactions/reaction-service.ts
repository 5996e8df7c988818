// Owns reacting: one reaction of each kind per reader per comment, toggled, held to the limits and stuffing checks of votes.
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { Clock } from '../clock';
import type { Comment } from '../comments/comment';
import { requireIdentity, requireLiveComment } from '../comments/comment-rules';
import type { CommentStore } from '../comments/comment-store';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { IdentityStore } from '../identity/identity-store';
import type { ModerationSettingsSource } from '../policy/settings-service';
import { REACTIONS, type Reaction } from '../protocol/dto';
import type { UnitOfWork } from '../unit-of-work';
import { isFirstVoteSuspect } from '../votes/vote-suspicion';
import type { ReactionEvents } from './reaction-events';
import type { ReactionInput } from './reaction-input';
import { reactionCountChange, requireNotOwnComment, requireReactionsEnabled } from './reaction-rules';
import type { ReactionStore } from './reaction-store';

export type ReactionService = ReturnType<typeof createReactionService>;

/** The stores a reaction reads and writes, inside its unit of work. */
export type ReactionStores = { reactions: ReactionStore; comments: CommentStore; identities: IdentityStore };

export interface ReactionServiceDeps {
  storage: UnitOfWork<ReactionStores>;
  events: EventSink<ReactionEvents>;
  clock: Clock;
  abuse: AbuseDefences;
  moderationSettings: ModerationSettingsSource;
}

export function createReactionService({ storage, events, clock, abuse, moderationSettings }: ReactionServiceDeps) {
  return {
    /** Gives or takes back one reaction; asking for what already is changes nothing. */
    async setReaction(
      { commentId, reaction, isOn }: ReactionInput,
      actor: Actor,
    ): Promise<{ comment: Comment; myReactions: Reaction[] }> {
      const reactorKey = requireIdentity(actor.authorKey);
      requireReactionsEnabled(await moderationSettings.current());
      // Reactions spend the votes' allowance: both are one click, and stuffing one must not be free.
      await abuse.limiter.spend('vote', actor);
      const nowMs = clock.now();
      const network = actor.ipHash;

      /**
       * A reader's first reaction on a comment goes through the votes' stuffing checks: a burst
       * of brand-new identities from one network, or many readers of one network on one comment.
       * Counted once per reader and comment, so one reader giving several kinds is one voice.
       */
      const isSuspect = (firstSeenMs: number): Promise<boolean> =>
        isFirstVoteSuspect(abuse.voteWindows, {
          kind: 'reaction',
          commentId,
          voterKey: reactorKey,
          network,
          firstSeenMs,
          nowMs,
        });

      // One unit of work: the rules see the comment and the reader's reactions as they are when written.
      const { comment, mine, isChanged } = await storage.transaction(async (tx) => {
        const current = requireLiveComment(await tx.comments.findCommentById(commentId), commentId);
        requireNotOwnComment(current, reactorKey);
        const stored = await tx.reactions.findReactions(commentId, reactorKey);
        const existing = stored.get(reaction);
        const wasOn = existing?.isOn ?? false;
        const onNow = (kind: Reaction) => (kind === reaction ? isOn : (stored.get(kind)?.isOn ?? false));
        const mine = REACTIONS.filter(onNow);
        if (wasOn === isOn) return { comment: current, mine, isChanged: false };
        // The reader's earlier reactions on this comment decide the trust of every later one.
        let isFlagged: boolean;
        const earlier = [...stored.values()][0];
        if (existing !== undefined) {
          isFlagged = existing.isFlagged;
        } else if (earlier !== undefined) {
          isFlagged = earlier.isFlagged;
        } else {
          let firstSeenMs = await tx.identities.findFirstSeen(reactorKey);
          if (firstSeenMs === null) {
            await tx.identities.noteIdentity(reactorKey, nowMs, network);
            firstSeenMs = nowMs;
          }
          isFlagged = await isSuspect(firstSeenMs);
        }
        if (isOn)
          await tx.reactions.saveReaction({ commentId, reactorKey, reaction, atMs: nowMs, ipHash: network, isFlagged });
        else await tx.reactions.withdrawReaction(commentId, reactorKey, reaction);
        const seq = await tx.comments.nextChangeSeq();
        const delta = reactionCountChange(wasOn, isOn, isFlagged);
        return { comment: await tx.comments.addReactionCount(commentId, reaction, delta, seq), mine, isChanged: true };
      });
      if (isChanged) events.emit('comment:reacted', { comment });
      return { comment, myReactions: mine };
    },
  };
}
