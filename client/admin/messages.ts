// Owns every string the moderation dashboard shows, in English, with one message per error code.
import type {
  AuditEntry,
  BanKind,
  CommentAction,
  CommentStatus,
  ErrorCode,
  HeldReason,
  PremoderationMode,
  QueueName,
  ReportReason,
  Role,
} from './api-types';

const number = new Intl.NumberFormat('en');
const plural = (count: number, one: string, many: string) => `${number.format(count)} ${count === 1 ? one : many}`;

/** "45 seconds", "3 minutes", "1 hour 5 minutes": how long to wait, rounded up to what people read. */
export function formatWait(totalSeconds: number): string {
  const seconds = Math.max(1, Math.ceil(totalSeconds));
  if (seconds < 60) return plural(seconds, 'second', 'seconds');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute', 'minutes');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0
    ? plural(hours, 'hour', 'hours')
    : `${plural(hours, 'hour', 'hours')} ${plural(rest, 'minute', 'minutes')}`;
}

const ERRORS: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some fields need attention.',
  INVALID_JSON: 'The server could not read the request. Reload the page and try again.',
  PAYLOAD_TOO_LARGE: 'That is too much text to send at once.',
  UNSUPPORTED_MEDIA_TYPE: 'The server refused the request format. Reload the page and try again.',
  THREAD_NOT_FOUND: 'That page’s thread no longer exists.',
  PARENT_NOT_FOUND: 'The comment it replies to no longer exists.',
  PARENT_IN_OTHER_THREAD: 'The comment it replies to belongs to another page.',
  COMMENT_NOT_FOUND: 'That comment no longer exists.',
  COMMENT_DELETED: 'Its author deleted this comment.',
  IDENTITY_REQUIRED: 'This needs a reader identity.',
  NOT_COMMENT_AUTHOR: 'Only the comment’s author may do that.',
  EDIT_WINDOW_CLOSED: 'The time to edit this comment has passed.',
  SELF_VOTE: 'Readers cannot vote on their own comments.',
  SELF_REACTION: 'Readers cannot react to their own comments.',
  REACTIONS_OFF: 'Reactions are turned off.',
  INVALID_CURSOR: 'The list changed too much to continue. Reload it and try again.',
  THREAD_CLOSED: 'Comments on this page are closed.',
  AUTHOR_BANNED: 'This author is banned.',
  BANNED_WORD: 'The text contains a banned word.',
  TOO_MANY_LINKS: 'The text has more links than the settings allow.',
  ALREADY_REPORTED: 'This comment was already reported.',
  RATE_LIMITED: 'Too many requests in a short time. Wait a moment and try again.',
  TOO_MANY_CONNECTIONS: 'Too many connections from your network. Close other dashboard tabs and reload.',
  DUPLICATE_COMMENT: 'The same comment was already posted.',
  MAIL_LINK_INVALID: 'This email link is not valid or has expired.',
  UNAUTHENTICATED: 'Your session has ended. Please log in again.',
  FORBIDDEN: 'Only admins can do that.',
  CSRF_FAILED: 'The server refused the request as not coming from this page. Reload the page and try again.',
  LOGIN_FAILED: 'That email and password do not match an account.',
  LOGIN_THROTTLED: 'Too many failed attempts.',
  LOGIN_LOCKED: 'This account is locked after too many failed attempts.',
  ALREADY_IN_STATE: 'Nothing to do: the comment is already in that state. Someone may have acted on it first.',
  CANNOT_BAN_MODERATOR: 'A moderator wrote this comment, and moderators cannot be banned.',
  BAN_NOT_FOUND: 'That ban is no longer active.',
  AUDIT_ENTRY_NOT_FOUND: 'That log entry no longer exists.',
  NOT_RESTORABLE: 'That action cannot be undone from the log.',
  MODERATOR_EXISTS: 'An account with that email already exists.',
  NOT_FOUND: 'The server does not know that address. Reload the page.',
  SERVICE_UNAVAILABLE: 'The server’s database is not answering. Try again in a moment.',
  INTERNAL: 'Something went wrong on the server. Try again.',
};

const QUEUE_LABELS: Record<QueueName, string> = {
  pending: 'Pending',
  reported: 'Reported',
  all: 'All',
  removed: 'Removed',
  spam: 'Spam',
};

const STATUS_LABELS: Record<CommentStatus, string> = {
  published: 'Published',
  pending: 'Pending',
  deleted: 'Deleted by author',
  removed: 'Removed',
  spam: 'Spam',
};

const HELD_REASONS: Record<HeldReason, string> = {
  all: 'every comment waits for approval',
  first: 'first comment by this author',
  links: 'contains links',
  watched: 'contains a watched word',
  reports: 'hidden after reports',
  'spam-check': 'the spam filter flagged it',
};

const REPORT_REASONS: Record<ReportReason, string> = {
  spam: 'Spam',
  abuse: 'Abuse',
  'off-topic': 'Off topic',
  other: 'Other',
};

const ACTION_LABELS: Record<CommentAction, string> = {
  approve: 'Approve',
  remove: 'Remove',
  spam: 'Spam',
  restore: 'Restore',
  'dismiss-reports': 'Dismiss reports',
};

/** Said in the status region once an action on one comment succeeded. */
const ACTION_DONE: Record<CommentAction, string> = {
  approve: 'Comment approved',
  remove: 'Comment removed',
  spam: 'Comment marked as spam',
  restore: 'Comment restored',
  'dismiss-reports': 'Reports dismissed',
};

const BULK_DONE: Record<CommentAction, (count: number) => string> = {
  approve: (n) => `${plural(n, 'comment', 'comments')} approved`,
  remove: (n) => `${plural(n, 'comment', 'comments')} removed`,
  spam: (n) => `${plural(n, 'comment', 'comments')} marked as spam`,
  restore: (n) => `${plural(n, 'comment', 'comments')} restored`,
  'dismiss-reports': (n) => `Reports dismissed on ${plural(n, 'comment', 'comments')}`,
};

const BAN_KINDS: Record<BanKind, string> = {
  identity: 'Identity',
  email: 'Email',
  ip: 'IP address',
};

const PREMODERATION: Record<PremoderationMode, string> = {
  off: 'Off: publish at once',
  all: 'All comments wait for approval',
  first: 'A new author’s first comment waits',
  links: 'Comments with links wait',
};

const ROLES: Record<Role, string> = { admin: 'Admin', moderator: 'Moderator' };

/** Audit actions the server records, with how the log reads them. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'comment.approve': 'Approved comment',
  'comment.remove': 'Removed comment',
  'comment.spam': 'Marked comment as spam',
  'comment.restore': 'Restored comment',
  'comment.edit': 'Edited comment',
  'comment.pin': 'Pinned comment',
  'comment.unpin': 'Unpinned comment',
  'comment.dismiss-reports': 'Dismissed reports',
  'author.ban': 'Banned author',
  'author.remove-comments': 'Removed all comments by author',
  'ban.lift': 'Lifted ban',
  'thread.close': 'Closed thread',
  'thread.reopen': 'Reopened thread',
  'settings.update': 'Changed settings',
  'moderator.create': 'Added moderator',
};

const AUDIT_TARGETS: Record<AuditEntry['targetType'], (id: string) => string> = {
  comment: (id) => `Comment #${id}`,
  author: (id) => `Author of comment #${id}`,
  ban: (id) => `Ban #${id}`,
  thread: (id) => `Thread #${id}`,
  settings: () => 'Moderation settings',
  moderator: (id) => `Moderator #${id}`,
};

const FIELD_ISSUES: Record<string, (limit?: number) => string> = {
  required: () => 'This is required.',
  wrong_type: () => 'This has the wrong kind of value.',
  too_long: (limit) =>
    limit === undefined ? 'This is too long.' : `This is too long (at most ${number.format(limit)}).`,
  invalid: () => 'This value is not valid.',
  unknown_field: () => 'The server does not accept this field.',
};

/** How the server's field names read in an error sentence. */
const FIELD_NAMES: Record<string, string> = {
  email: 'Email',
  password: 'Password',
  displayName: 'Display name',
  role: 'Role',
  body: 'Comment text',
  reason: 'Reason',
  by: 'Ban by',
  days: 'Duration',
  ids: 'Selection',
  premoderation: 'Pre-moderation',
  bannedWords: 'Banned words',
  watchedWords: 'Watched words',
  maxLinks: 'Most links',
  autoCloseDays: 'Close threads after',
  reportThreshold: 'Reports that hide a comment',
  q: 'Text',
  author: 'Author',
  threadId: 'Thread',
};

export const messages = {
  appName: 'Parley moderation',
  loading: 'Loading…',
  errors: ERRORS,
  networkError: 'The server could not be reached. Check the connection and try again.',
  fieldIssue: (issue: string, limit?: number) => (FIELD_ISSUES[issue] ?? FIELD_ISSUES.invalid)(limit),
  fieldProblem: (field: string, issue: string, limit?: number) =>
    `${FIELD_NAMES[field] ?? field}: ${(FIELD_ISSUES[issue] ?? FIELD_ISSUES.invalid)(limit)}`,

  login: {
    heading: 'Log in to moderate',
    intro: 'Use the moderator account your site admin gave you.',
    email: 'Email',
    password: 'Password',
    submit: 'Log in',
    submitting: 'Logging in…',
    missing: 'Enter your email and password.',
    throttled: (seconds: number) => `Too many failed attempts. Wait ${formatWait(seconds)} before trying again.`,
    rateLimited: (seconds: number) => `Too many attempts from this network. Wait ${formatWait(seconds)} and try again.`,
    locked: (seconds: number) =>
      `This account is locked after too many failed attempts. Try again in ${formatWait(seconds)}.`,
    sessionEnded: 'Your session has ended. Please log in again.',
    loggedOut: 'You are logged out.',
  },

  shell: {
    sections: 'Dashboard sections',
    tabs: {
      comments: 'Comments',
      threads: 'Threads',
      bans: 'Bans',
      audit: 'Audit log',
      settings: 'Settings',
      moderators: 'Moderators',
      outbox: 'Outbox',
    },
    signedInAs: (name: string, role: Role) => `${name} · ${ROLES[role]}`,
    logout: 'Log out',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline: updates paused',
    refused: 'Live updates refused: log in again',
    liveLabel: 'Live updates',
  },

  queues: {
    label: 'Queues',
    names: QUEUE_LABELS,
    count: (queue: QueueName, count: number) => `${QUEUE_LABELS[queue]}: ${plural(count, 'comment', 'comments')}`,
    heading: (queue: QueueName) => `${QUEUE_LABELS[queue]} comments`,
  },

  filters: {
    label: 'Filter comments',
    thread: 'Thread',
    threadPlaceholder: 'All threads',
    threadHint: 'Type a page title or id',
    threadNotFound: (text: string) => `No thread matches “${text}”.`,
    text: 'Text',
    textPlaceholder: 'Words in the comment',
    author: 'Author',
    authorPlaceholder: 'Name or email',
    apply: 'Search',
    clear: 'Clear',
    showThread: 'Show only this page',
    readerOnly: (name: string) => `Only comments by ${name}`,
    readerByIdentity: (key: string) => `identity ${key}`,
    readerByEmail: (email: string) => `email ${email}`,
    readerClear: 'Show everyone’s comments',
  },

  list: {
    empty: 'Nothing here.',
    emptyFiltered: 'No comments match these filters.',
    loading: 'Loading comments…',
    loadMore: 'Load more',
    loadingMore: 'Loading…',
    shown: (count: number, hasMore: boolean) =>
      `${plural(count, 'comment', 'comments')} shown${hasMore ? ', more to load' : ''}`,
    loadFailed: (reason: string) => `Comments could not be loaded. ${reason}`,
    retry: 'Try again',
  },

  bulk: {
    label: 'Bulk actions',
    selectAll: 'Select all shown',
    selected: (count: number) => (count === 0 ? 'None selected' : `${plural(count, 'comment', 'comments')} selected`),
    actionLabel: (action: CommentAction, count: number) =>
      `${ACTION_LABELS[action]} ${plural(count, 'selected comment', 'selected comments')}`,
    done: BULK_DONE,
    partial: (done: number, failed: number) => `${number.format(done)} done, ${number.format(failed)} failed.`,
    failureLine: (id: number, reason: string) => `Comment #${id}: ${reason}`,
    failuresHeading: 'These comments were not changed:',
    dismiss: 'Close',
  },

  item: {
    select: (author: string) => `Select comment by ${author}`,
    anonymous: '(no name)',
    email: 'Email',
    noEmail: 'no email',
    identity: 'Identity',
    noIdentity: 'none',
    ip: 'IP hash',
    noIp: 'unknown',
    commentCount: (n: number) => plural(n, 'comment', 'comments'),
    commentCountTitle: 'Comments by this author (same identity, or same email when there is none)',
    held: (reason: HeldReason) => `Held: ${HELD_REASONS[reason]}`,
    status: STATUS_LABELS,
    pinned: 'Pinned',
    edited: 'edited',
    reportCount: (n: number) => `Reported by ${plural(n, 'reader', 'readers')}`,
    reportsHeading: (n: number) => `Why ${plural(n, 'reader', 'readers')} reported it`,
    reportReason: (reason: string) => REPORT_REASONS[reason as ReportReason] ?? reason,
    reasonCount: (n: number) => plural(n, 'reader', 'readers'),
    reportWordsLabel: 'What readers wrote',
    showReader: 'Show all',
    showReaderLabel: (author: string) => `Show all comments by ${author}`,
    onPage: 'On',
    threadClosed: 'comments closed',
    untitled: (pageId: string) => (pageId === '' ? 'Unknown page' : pageId),
    unverifiedPage: 'Address not verified',
    unverifiedPageHint:
      'Sent by whoever opened this page first, not by a page of one of your sites. Shown as text, not as a link.',
    claimedTitle: (title: string) => `Title given: “${title}”`,
    claimedUrl: (url: string) => `Address given: ${url}`,
    inReplyTo: 'In reply to',
    parentGone: 'a comment that is no longer shown',
    parentStatus: (status: CommentStatus) => STATUS_LABELS[status],
    moderated: (what: CommentStatus, by: string | null, reason: string | null) =>
      `${STATUS_LABELS[what]}${by ? ` by ${by}` : ''}${reason ? `: ${reason}` : ''}`,
    actionsLabel: (author: string) => `Actions for comment by ${author}`,
  },

  actions: {
    labels: ACTION_LABELS,
    done: ACTION_DONE,
    notSpam: 'Not spam',
    edit: 'Edit',
    pin: 'Pin',
    unpin: 'Unpin',
    pinned: 'Comment pinned',
    unpinned: 'Comment unpinned',
    ban: 'Ban author',
    removeAll: 'Remove all by author',
    save: 'Save',
    cancel: 'Cancel',
    editLabel: 'Comment text',
    edited: 'Comment edited',
    banned: (bans: number, removed: number) =>
      `Author banned (${plural(bans, 'ban', 'bans')})${removed > 0 ? `, ${plural(removed, 'comment', 'comments')} removed` : ''}`,
    removedAll: (removed: number) => `${plural(removed, 'comment', 'comments')} by this author removed`,
    failed: (message: string) => `Not done: ${message}`,
  },

  dialogs: {
    close: 'Cancel',
    reason: 'Reason (optional)',
    reasonHint: 'Kept in the audit log; readers do not see it.',
    removeTitle: 'Remove comment',
    removeIntro: (author: string) => `Readers will no longer see this comment by ${author}.`,
    removeConfirm: 'Remove',
    bulkRemoveTitle: (count: number) => `Remove ${plural(count, 'comment', 'comments')}`,
    bulkRemoveIntro: 'Readers will no longer see the selected comments.',
    removeAllTitle: 'Remove all comments by this author',
    removeAllIntro: (author: string, count: number) =>
      `Every published or pending comment by ${author} (${plural(count, 'comment', 'comments')} in total by this author) will be removed.`,
    removeAllConfirm: 'Remove all',
    banTitle: (author: string) => `Ban ${author}`,
    banBy: 'Ban by',
    banKinds: BAN_KINDS,
    banKindMissing: 'not known for this author',
    banDuration: 'For how long',
    banDurations: [
      { days: 1, label: '1 day' },
      { days: 7, label: '7 days' },
      { days: 30, label: '30 days' },
      { days: null, label: 'Forever' },
    ] as const,
    banIpCounting: 'Counting other readers on this network…',
    banIpNeighbours: (count: number, days: number) =>
      count === 0
        ? `No other reader wrote from this network in the last ${plural(days, 'day', 'days')}.`
        : `${plural(count, 'other reader', 'other readers')} wrote from this network in the last ${plural(days, 'day', 'days')}: a ban by network locks them out too.`,
    banIpNeighboursUnknown: 'Could not count other readers on this network; a ban by network may lock them out too.',
    banRemoveComments: 'Also remove all their comments',
    banConfirm: 'Ban author',
    banNeedsKind: 'Choose at least one way to recognise the author.',
  },

  threads: {
    heading: 'Threads',
    search: 'Find a thread',
    searchPlaceholder: 'Page title or id',
    columns: { page: 'Page', comments: 'Comments', state: 'State', actions: 'Actions' },
    open: 'Open',
    closed: 'Closed',
    close: 'Close',
    reopen: 'Reopen',
    closeLabel: (name: string) => `Close comments on ${name}`,
    reopenLabel: (name: string) => `Reopen comments on ${name}`,
    showComments: 'Comments',
    showCommentsLabel: (name: string) => `Show comments on ${name}`,
    closedDone: 'Thread closed',
    reopenedDone: 'Thread reopened',
    stillClosed: 'Still closed: the auto-close setting closes threads of this age. Change it under Settings to reopen.',
    empty: 'No threads match.',
  },

  bans: {
    heading: 'Active bans',
    columns: {
      kind: 'Kind',
      value: 'Value',
      reason: 'Reason',
      by: 'By',
      created: 'Since',
      expires: 'Expires',
      actions: 'Actions',
    },
    kinds: BAN_KINDS,
    never: 'Never',
    lift: 'Lift',
    liftLabel: (kind: BanKind, value: string) => `Lift ban on ${BAN_KINDS[kind].toLowerCase()} ${value}`,
    lifted: 'Ban lifted',
    empty: 'No active bans.',
    refresh: 'Refresh',
  },

  outbox: {
    heading: 'Mail outbox',
    intro: 'The newest subscription mail: confirmations and notices of new comments, and what became of each.',
    columns: {
      email: 'To',
      purpose: 'Mail',
      state: 'State',
      attempts: 'Attempts',
      lastError: 'Last error',
      created: 'Queued',
      sent: 'Sent',
    },
    purposes: { confirm: 'Confirmation', notice: 'New comment', held: 'Held for review', report: 'Report' },
    states: { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed', dropped: 'Not needed' },
    empty: 'No mail yet.',
    refresh: 'Refresh',
  },

  audit: {
    heading: 'Audit log',
    filterAction: 'Action',
    anyAction: 'Any action',
    filterModerator: 'Moderator',
    anyModerator: 'Anyone',
    columns: { when: 'When', who: 'Who', what: 'What', target: 'Target', reason: 'Reason', actions: 'Actions' },
    action: (action: string) => AUDIT_ACTIONS[action] ?? action,
    target: (type: AuditEntry['targetType'], id: string) => (AUDIT_TARGETS[type] ?? ((x: string) => x))(id),
    system: 'Parley (automatic)',
    restore: 'Restore',
    restoreLabel: (action: string, target: string) => `Restore: undo “${action}” on ${target}`,
    restored: 'Action undone',
    undone: 'Undone',
    targetExcerpt: (type: AuditEntry['targetType'], excerpt: string, banKind: BanKind | null) =>
      banKind !== null
        ? `${BAN_KINDS[banKind]}: ${excerpt}`
        : type === 'comment' || type === 'author'
          ? `“${excerpt}”`
          : excerpt,
    empty: 'No entries match.',
    loadMore: 'Load more',
  },

  settings: {
    heading: 'Moderation settings',
    readOnly: 'Only admins can change these settings.',
    premoderation: 'Pre-moderation',
    modes: PREMODERATION,
    bannedWords: 'Banned words',
    bannedWordsHint: 'One word or phrase per line. A comment containing one is refused.',
    watchedWords: 'Watched words',
    watchedWordsHint: 'One word or phrase per line. A comment containing one waits for review.',
    maxLinks: 'Most links in a comment',
    maxLinksHint: 'Leave empty for no limit.',
    autoCloseDays: 'Close threads after (days)',
    autoCloseDaysHint: 'Leave empty to keep threads open.',
    reportThreshold: 'Reports that hide a comment (one per network)',
    reportThresholdHint:
      'A published comment waits for review once this many readers report it, each from a different network and each first seen at least 10 minutes before reporting. Reports from one network count once. Every report still shows in the Reported queue.',
    areReactionsEnabled: 'Readers may react to comments with emoji',
    areReactionsEnabledHint:
      '👍 ❤️ 😂 😮 😢 beside the votes, one of each per reader. Turned off, the widget hides them and the server refuses new ones; counts already given are kept.',
    isQuotingEnabled: 'Readers may select text of the article and comment on it',
    isQuotingEnabledHint:
      'Selecting text shows "Comment on this"; the comment quotes the selection. Turned off, the widget hides the button and the server keeps such comments without their quote. Feedback on marked passages stays either way.',
    save: 'Save settings',
    saved: 'Settings saved',
    notWhole: 'Enter a whole number of 0 or more, or leave it empty.',
    notPositive: 'Enter a whole number of 1 or more.',
  },

  accountMail: {
    heading: 'Your email',
    hint: 'Sent to the address you log in with. Your own actions are never mailed to you.',
    onHeld: 'Email me each comment held for review',
    onReport: 'Email me each new report',
    saved: 'Your email choices are saved',
  },

  moderators: {
    heading: 'Moderators',
    columns: { name: 'Name', email: 'Email', role: 'Role' },
    roles: ROLES,
    you: '(you)',
    createHeading: 'Add a moderator',
    email: 'Email',
    displayName: 'Display name',
    role: 'Role',
    password: 'Password',
    passwordHint: 'At least 12 characters. Share it with them privately.',
    create: 'Add moderator',
    created: (name: string) => `${name} can now log in`,
  },

  time: {
    justNow: 'just now',
  },
};

export type DashboardMessages = typeof messages;
