// Owns the English strings of the first render; they ship in widget.js.
import type { ReadMessages } from './catalog';
import { counted, number } from './en-numbers';

export const enRead: ReadMessages = {
  locale: 'en',
  dir: 'ltr',
  regionLabel: 'Comments',
  commentCount: (count) => counted(count, '# Comment', '# Comments'),
  loading: 'Loading comments…',
  empty: 'Be the first to comment.',
  loadFailed: (reason) => `Comments could not be loaded. ${reason}`,
  unreachable: 'Could not reach the comment server. Check your connection and try again.',
  closed: 'Comments on this page are closed.',
  pinnedLabel: 'Pinned comments',
  linkedLabel: 'Linked conversation',

  bubble: {
    label: (count) =>
      count === null ? 'Go to the comments' : `${counted(count, '# comment', '# comments')} — go to the comments`,
  },

  sort: { label: 'Sort comments', oldest: 'Oldest', newest: 'Newest', top: 'Most Voted' },

  comment: {
    reply: 'Reply',
    replyTo: (authorName) => `Reply to ${authorName}`,
    repliesLabel: (authorName) => `Replies to ${authorName}`,
    replies: 'Replies',
    justNow: 'just now',
    edited: 'edited',
    inReplyTo: (authorName) => `in reply to ${authorName}`,
    deleted: 'This comment was deleted.',
    removed: 'This comment was removed by a moderator.',
    held: 'This comment is awaiting review.',
    pending: 'Awaiting approval',
    pendingHint: 'Only you can see this comment until a moderator approves it.',
    pinned: 'Pinned',
    edit: (minutesLeft) => `Edit (${number.format(minutesLeft)} min left)`,
    delete: 'Delete',
    link: 'Link',
    linkLabel: (authorName) => `Link to the comment by ${authorName}`,
    report: 'Report',
    reported: 'Reported',
    hideReplies: 'Hide replies',
    showReplies: (count) => counted(count, 'Show # reply', 'Show # replies'),
    moreReplies: (count) => counted(count, 'Show # more reply', 'Show # more replies'),
    upvote: 'Upvote',
    downvote: 'Downvote',
    score: (score) => number.format(score),
    votesLabel: (score) => `Votes, score ${number.format(score)}`,
    ownVote: 'You cannot vote on your own comment.',
    reactionNames: { like: 'Like', love: 'Love', laugh: 'Laugh', wow: 'Wow', sad: 'Sad' },
    reactionsLabel: 'Reactions',
    reactionLabel: (name, count) => `${name}: ${number.format(count)}`,
    addReaction: 'Add a reaction',
    ownReaction: 'You cannot react to your own comment.',
  },
};
