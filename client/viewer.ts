// Owns what the server told this reader about themselves: which comments are theirs, what they typed, how they voted and reacted.
import type { CommentNode, PublicComment, Reaction, ViewerState } from '../server/protocol/dto';

export type MyVote = 'up' | 'down' | undefined;

export interface Viewer {
  /**
   * Folds in the viewer part of a view, page, context or catch-up. The server lists votes only
   * among the comments it returned (`covered`): one of those without a vote has none any more.
   */
  learn(state: ViewerState | undefined, covered?: Iterable<number>): void;
  /** `source`: the Markdown the reader sent, which an edit starts from. */
  markOwn(commentId: number, source?: string): void;
  /** The Markdown the reader typed for one of their comments, when known. */
  sourceOf(commentId: number): string | undefined;
  isOwn(comment: PublicComment): boolean;
  voteOf(commentId: number): MyVote;
  setVote(commentId: number, vote: MyVote): void;
  reactionsOf(commentId: number): readonly Reaction[];
  setReactions(commentId: number, reactions: readonly Reaction[]): void;
}

export function createViewer(): Viewer {
  const own = new Set<number>();
  const votes = new Map<number, 'up' | 'down'>();
  const reactions = new Map<number, readonly Reaction[]>();
  const sources = new Map<number, string>();
  return {
    learn(state, covered = []) {
      if (!state) return;
      for (const id of covered) {
        votes.delete(id);
        reactions.delete(id);
      }
      for (const id of state.ownCommentIds) own.add(id);
      // A server older than this widget sends none.
      for (const [id, source] of Object.entries(state.ownSources ?? {})) sources.set(Number(id), source);
      for (const [id, vote] of Object.entries(state.votes)) votes.set(Number(id), vote);
      // Older servers send no reactions.
      for (const [id, mine] of Object.entries(state.reactions ?? {})) reactions.set(Number(id), mine);
    },
    markOwn(id, source) {
      own.add(id);
      if (source !== undefined) sources.set(id, source);
    },
    sourceOf: (id) => sources.get(id),
    // The server fills a held comment's name and text only for its author.
    isOwn: (c) => own.has(c.id) || (c.status === 'pending' && c.authorName !== ''),
    voteOf: (id) => votes.get(id),
    setVote(id, vote) {
      if (vote) votes.set(id, vote);
      else votes.delete(id);
    },
    reactionsOf: (id) => reactions.get(id) ?? [],
    setReactions: (id, mine) => void reactions.set(id, mine),
  };
}

/** Every id in a tree from the server: what its viewer part speaks for. */
export function idsIn(nodes: readonly CommentNode[]): number[] {
  return nodes.flatMap((n) => [n.id, ...idsIn(n.replies)]);
}
