// Owns the English strings of the live part (forms, live updates, refusals); they ship in the interactive module.
import type { LiveMessages } from './catalog';
import { counted, number } from './en-numbers';

export const enLive: LiveMessages = {
  reconnecting: 'Connection lost, reconnecting…',
  refused: 'The comment server refused the connection. Please reload the page.',
  showMore: 'Load more comments',
  loadingMore: 'Loading more comments…',
  newComments: (count) => counted(count, '# new comment', '# new comments'),
  linkedMissing: 'The comment this link points to is no longer available.',
  announceNew: (authorName) => `New comment from ${authorName}`,

  bubble: {
    dismissInvite: 'Dismiss',
    readComment: 'Read it',
  },

  subscribe: {
    open: 'Subscribe',
    legend: 'Notify of',
    thread: 'new follow-up comments',
    replies: 'new replies to my comments',
    emailLabel: 'Email',
    submit: 'Subscribe',
    close: 'Close',
    pending: 'Almost done: open the link in the email we just sent to confirm.',
    active: 'Subscribed. You will get an email when there is something new.',
  },

  form: {
    notifyReplies: 'Notify me of replies by email',
    mainLabel: 'Write a comment',
    replyLabel: (authorName) => `Reply to ${authorName}`,
    editLabel: 'Edit your comment',
    nameLabel: 'Name',
    emailLabel: 'Email',
    emailHint: '(optional, never shown)',
    bodyLabel: 'Comment',
    bodyPlaceholder: 'Would love your thoughts, please comment.',
    replyPlaceholder: 'Write a reply…',
    submit: 'Post comment',
    submitReply: 'Post reply',
    save: 'Save changes',
    sending: 'Sending…',
    cancel: 'Cancel',
    shortcutHint: 'Ctrl+Enter to send',
    counter: (used, limit) => `${number.format(used)} / ${number.format(limit)}`,
    toolbarLabel: 'Formatting',
    format: { bold: 'Bold', italic: 'Italic', code: 'Code', quote: 'Quote', list: 'List', link: 'Link' },
    linkAddress: 'Link address',
    linkAdd: 'Add link',
    linkInvalid: 'Please enter a full address starting with http:// or https://.',
    modesLabel: 'Write or preview',
    write: 'Write',
    preview: 'Preview',
    previewLoading: 'Loading the preview…',
    previewEmpty: 'Nothing to preview yet.',
    markdownHint: 'Markdown works: **bold**, *italic*, `code`, > quote, - list.',
    commentingAs: (authorName) => `Commenting as ${authorName} (guest)`,
    changeName: 'Change name',
  },

  comment: {
    deleteQuestion: 'Delete this comment? This cannot be undone.',
    deleteConfirm: 'Delete comment',
    keep: 'Keep it',
    linkCopied: 'Link copied.',
    reactionPicker: 'Choose a reaction',
  },

  report: {
    title: 'Report this comment',
    reasonLegend: 'What is wrong with it?',
    reasons: { spam: 'Spam', abuse: 'Abuse', 'off-topic': 'Off-topic', other: 'Other' },
    detailsLabel: 'Tell us more',
    detailsHint: '(required for Other)',
    detailsRequired: 'Please tell us what is wrong with this comment.',
    detailsTooLong: (limit) => `Please keep it under ${number.format(limit)} characters.`,
    send: 'Send report',
    sending: 'Sending…',
    thanks: 'Thank you for the report. A moderator will take a look.',
  },

  fields: {
    authorName: {
      required: 'Please enter your name.',
      tooLong: (limit) => `Your name is longer than ${number.format(limit)} characters.`,
      invalid: 'Please check your name.',
    },
    authorEmail: {
      required: 'Please enter your email address.',
      tooLong: (limit) => `Your email address is longer than ${number.format(limit)} characters.`,
      invalid: 'That email address does not look right.',
    },
    body: {
      required: 'Please write a comment.',
      tooLong: (limit) => `Your comment is longer than ${number.format(limit)} characters.`,
      invalid: 'Please check your comment.',
    },
  },
  fieldFallback: 'Something in the form could not be accepted. Please reload the page and try again.',
  errors: {
    VALIDATION_FAILED: 'Please check the form and try again.',
    INVALID_JSON: 'Your comment could not be sent. Please try again.',
    PAYLOAD_TOO_LARGE: 'That is too long to send. Please shorten your comment.',
    UNSUPPORTED_MEDIA_TYPE: 'Your comment could not be sent. Please try again.',
    THREAD_NOT_FOUND: 'The comments of this page are not available. Please reload the page.',
    PARENT_NOT_FOUND: 'The comment you are replying to no longer exists.',
    PARENT_IN_OTHER_THREAD: 'The comment you are replying to belongs to another page.',
    COMMENT_NOT_FOUND: 'That comment no longer exists.',
    COMMENT_DELETED: 'That comment has been deleted, so it can no longer be changed or voted on.',
    IDENTITY_REQUIRED: 'Your browser did not keep your reader identity. Please reload the page and try again.',
    NOT_COMMENT_AUTHOR: 'Only the author of a comment can change it.',
    EDIT_WINDOW_CLOSED: 'The time for editing this comment has passed.',
    SELF_VOTE: 'You cannot vote on your own comment.',
    SELF_REACTION: 'You cannot react to your own comment.',
    REACTIONS_OFF: 'Reactions are turned off on this site.',
    INVALID_CURSOR: 'The list of comments changed, so it was reloaded.',
    THREAD_CLOSED: 'Comments on this page are closed.',
    AUTHOR_BANNED: ({ until }) =>
      until
        ? `You cannot comment here until ${new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(Date.parse(until))}.`
        : 'You can no longer comment here.',
    BANNED_WORD: ({ word }) =>
      word
        ? `This site does not accept comments containing “${word}”. Please rephrase.`
        : 'Your comment contains words this site does not allow. Please rephrase it.',
    TOO_MANY_LINKS: ({ maxLinks }) =>
      maxLinks === undefined
        ? 'Your comment has too many links. Please remove some.'
        : `Comments may contain at most ${counted(maxLinks, '# link', '# links')}. Please remove some.`,
    ALREADY_REPORTED: 'You have already reported this comment. Thank you.',
    RATE_LIMITED: ({ retryAfterSeconds }) =>
      retryAfterSeconds
        ? `You are doing that too often. Please try again in ${counted(retryAfterSeconds, '# second', '# seconds')}.`
        : 'You are doing that too often. Please wait a moment and try again.',
    TOO_MANY_CONNECTIONS: 'Too many connections from your network.',
    DUPLICATE_COMMENT: 'You have already posted this comment.',
    MAIL_LINK_INVALID: 'This email link is not valid or has expired.',
    UNAUTHENTICATED: 'Please sign in and try again.',
    FORBIDDEN: 'You are not allowed to do that.',
    CSRF_FAILED: 'Your session has expired. Please reload the page and try again.',
    LOGIN_FAILED: 'The sign-in details were not right.',
    LOGIN_THROTTLED: 'Too many attempts. Please wait a moment and try again.',
    LOGIN_LOCKED: 'Too many attempts. Please try again later.',
    ALREADY_IN_STATE: 'That has already been done.',
    CANNOT_BAN_MODERATOR: 'A moderator cannot be banned.',
    BAN_NOT_FOUND: 'That ban no longer exists.',
    AUDIT_ENTRY_NOT_FOUND: 'That entry could not be found.',
    NOT_RESTORABLE: 'That comment cannot be restored.',
    MODERATOR_EXISTS: 'That moderator already exists.',
    NOT_FOUND: 'That could not be found.',
    SERVICE_UNAVAILABLE: 'Comments are briefly unavailable. Please try again in a moment.',
    INTERNAL: 'Something went wrong on our side. Please try again.',
  },
};
