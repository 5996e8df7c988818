// Owns the storage contract of reactions: what any engine must do for them.
import type { Reaction } from '../protocol/dto';

/** One reader's reaction of one kind on one comment, as stored. */
export interface StoredReaction {
  /** Given and not taken back. */
  isOn: boolean;
  /** Held back as possible stuffing when the reader first reacted to the comment; kept through toggles. */
  isFlagged: boolean;
}

export interface ReactionStore {
  /** The reader's reactions of every kind on the comment, taken back or not. */
  findReactions(commentId: number, reactorKey: string): Promise<Map<Reaction, StoredReaction>>;
  /** Gives a reaction, or gives it again after it was taken back. */
  saveReaction(reaction: {
    commentId: number;
    reactorKey: string;
    reaction: Reaction;
    atMs: number;
    ipHash: string | null;
    isFlagged: boolean;
  }): Promise<void>;
  /** Takes a reaction back; its row stays, so its flag outlives the withdrawal. */
  withdrawReaction(commentId: number, reactorKey: string, reaction: Reaction): Promise<void>;
  /** The reader's reactions (not taken back) among the given comments, each comment's in REACTIONS order. */
  findReactionsByReactor(reactorKey: string, commentIds: readonly number[]): Promise<Map<number, Reaction[]>>;
}
