// Owns what one reader sees of their own on a set of comments: their votes and reactions, and which comments are theirs.
import type { Comment } from '../comments/comment';
import { isAuthor } from '../comments/comment-rules';
import type { Actor } from '../identity/actor';
import type { ViewerState } from '../protocol/dto';
import type { ReactionStore } from '../reactions/reaction-store';
import type { VoteStore } from '../votes/vote-store';

export async function viewerStateOf(
  stores: { votes: VoteStore; reactions: ReactionStore },
  comments: readonly Comment[],
  actor: Actor,
): Promise<ViewerState> {
  const viewer: ViewerState = { votes: {}, reactions: {}, ownCommentIds: [], ownSources: {} };
  if (actor.authorKey === null || comments.length === 0) return viewer;
  for (const comment of comments) {
    if (!isAuthor(comment, actor.authorKey)) continue;
    viewer.ownCommentIds.push(comment.id);
    if (comment.bodyFormat === 'markdown' && comment.bodySource !== '')
      viewer.ownSources[comment.id] = comment.bodySource;
  }
  const ids = comments.map((c) => c.id);
  for (const [id, value] of await stores.votes.findVotesByVoter(actor.authorKey, ids))
    viewer.votes[id] = value === 1 ? 'up' : 'down';
  for (const [id, kinds] of await stores.reactions.findReactionsByReactor(actor.authorKey, ids))
    viewer.reactions[id] = kinds;
  return viewer;
}
