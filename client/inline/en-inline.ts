// Owns the English strings of inline feedback; they load with its module, never with the first render.
import type { InlineMessages } from '../messages/catalog';

export const enInline: InlineMessages = {
  passageButton: (count) =>
    count === 0 ? 'Give feedback on this passage' : `${count} feedback${count === 1 ? '' : 's'} on this passage`,
  filtersLabel: 'Show',
  feedbackFilter: (count) => `Inline Feedbacks (${count})`,
  allFilter: (count) => `View all comments (${count})`,
  on: (quote) => `On: “${quote}”`,
  onPassage: 'On a passage of the article',
  showPassage: 'Show in the article',
  notFound: 'This text is no longer in the article.',
  latest: 'Latest feedback',
  noneYet: 'No feedback yet.',
  commentOnThis: 'Comment on this',
  quoteTitle: 'Comment on the selected text',
  bodyPlaceholder: 'What do you think?',
  send: 'Send',
  close: 'Close',
  sent: 'Your feedback was sent.',
};
