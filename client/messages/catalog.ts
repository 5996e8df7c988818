// Owns the shape every language of the widget's message catalog must fill, in two halves: the first render's and the live part's.
import type { ErrorCode, Reaction, ReportReason, SortOrder } from '../../server/protocol/dto';

/** The fields a reader fills in; server field names, so validation details map straight onto them. */
export type FormField = 'authorName' | 'authorEmail' | 'body';

/** Mirrors the issues the server reports in VALIDATION_FAILED details. */
export type FieldIssue = 'required' | 'wrong_type' | 'too_long' | 'invalid' | 'unknown_field';

export interface FieldMessages {
  required: string;
  tooLong: (limit: number) => string;
  invalid: string;
}

/** The facts an error's `details` may carry, already checked for type. */
export interface ErrorFacts {
  retryAfterSeconds?: number;
  word?: string;
  maxLinks?: number;
  /** ISO date a ban ends; null when it never does. */
  until?: string | null;
}

/** A fixed sentence, or one built from the error's details. */
export type ErrorText = string | ((facts: ErrorFacts) => string);

export type FormatAction = 'bold' | 'italic' | 'code' | 'quote' | 'list' | 'link';

/**
 * What the first render shows. English's is in widget.js; the live half waits for the
 * interactive module, so a reader who only reads never downloads it.
 */
export interface ReadMessages {
  /** BCP 47 tag used for numbers, dates and relative times. */
  locale: string;
  /** Writing direction of the language; the whole widget is laid out this way. */
  dir: 'ltr' | 'rtl';
  regionLabel: string;
  commentCount: (count: number) => string;
  loading: string;
  empty: string;
  loadFailed: (reason: string) => string;
  /** The server could not be reached, or did not answer in time. */
  unreachable: string;
  closed: string;
  pinnedLabel: string;
  linkedLabel: string;

  /** The floating button that leads to the comments. */
  bubble: {
    /** The button's name: the count once known, and where it leads. */
    label: (count: number | null) => string;
  };

  sort: { label: string } & Record<SortOrder, string>;

  comment: {
    reply: string;
    replyTo: (authorName: string) => string;
    repliesLabel: (authorName: string) => string;
    /** The replies of a comment whose author is not shown (deleted, removed, held). */
    replies: string;
    justNow: string;
    edited: string;
    inReplyTo: (authorName: string) => string;
    deleted: string;
    removed: string;
    /** Someone else's comment held for a moderator, shown only because it has replies. */
    held: string;
    /** The mark on the reader's own comment held for a moderator. */
    pending: string;
    pendingHint: string;
    pinned: string;
    /** "Edit (12 min left)" */
    edit: (minutesLeft: number) => string;
    delete: string;
    link: string;
    linkLabel: (authorName: string) => string;
    report: string;
    reported: string;
    hideReplies: string;
    showReplies: (count: number) => string;
    moreReplies: (count: number) => string;
    upvote: string;
    downvote: string;
    /** The score as shown between the vote buttons. */
    score: (score: number) => string;
    votesLabel: (score: number) => string;
    ownVote: string;
    /** Each reaction's name, for its button's accessible name (the emoji is not read out). */
    reactionNames: Record<Reaction, string>;
    /** The group of a comment's reactions. */
    reactionsLabel: string;
    /** A reaction's button: its name and how many gave it. */
    reactionLabel: (name: string, count: number) => string;
    addReaction: string;
    ownReaction: string;
  };
}

/** Inline feedback: marked passages, quoted text and the feedback filter. English's ships with that module. */
export interface InlineMessages {
  /** The count button beside a marked passage. */
  passageButton: (count: number) => string;
  filtersLabel: string;
  feedbackFilter: (count: number) => string;
  allFilter: (count: number) => string;
  /** Above feedback in the list: what it is about. */
  on: (quote: string) => string;
  onPassage: string;
  showPassage: string;
  notFound: string;
  latest: string;
  noneYet: string;
  commentOnThis: string;
  quoteTitle: string;
  bodyPlaceholder: string;
  send: string;
  close: string;
  sent: string;
}

/** What only the live part shows: forms, live updates, confirmations and the server's refusals. */
export interface LiveMessages {
  /** A language chunk carries its inline feedback strings; English's come with that module. */
  inline?: InlineMessages;
  reconnecting: string;
  refused: string;
  showMore: string;
  loadingMore: string;
  /** The bar that holds others' new comments back until the reader asks for them. */
  newComments: (count: number) => string;
  linkedMissing: string;
  /** Read out politely when someone else's comment arrives. */
  announceNew: (authorName: string) => string;

  /** The bubble's invite and its toasts about new comments. */
  bubble: {
    dismissInvite: string;
    /** The link in a toast about someone else's new comment. */
    readComment: string;
  };

  /** Email subscriptions: the header's control and the panel it opens. */
  subscribe: {
    open: string;
    legend: string;
    thread: string;
    replies: string;
    emailLabel: string;
    submit: string;
    close: string;
    /** The address must be confirmed: a link was sent. */
    pending: string;
    active: string;
  };

  form: {
    /** The form's checkbox: subscribe the author's email to replies. */
    notifyReplies: string;
    mainLabel: string;
    replyLabel: (authorName: string) => string;
    editLabel: string;
    nameLabel: string;
    emailLabel: string;
    emailHint: string;
    bodyLabel: string;
    bodyPlaceholder: string;
    replyPlaceholder: string;
    submit: string;
    submitReply: string;
    save: string;
    sending: string;
    cancel: string;
    shortcutHint: string;
    /** "1,234 / 10,000" */
    counter: (used: number, limit: number) => string;
    toolbarLabel: string;
    format: Record<FormatAction, string>;
    linkAddress: string;
    linkAdd: string;
    linkInvalid: string;
    /** The Write / Preview tab pair above the comment box. */
    modesLabel: string;
    write: string;
    preview: string;
    previewLoading: string;
    previewEmpty: string;
    /** Under the box: the text is Markdown. */
    markdownHint: string;
    /** Above the form once the reader's name is known: "Commenting as Nadia (guest)". */
    commentingAs: (authorName: string) => string;
    changeName: string;
  };

  comment: {
    deleteQuestion: string;
    deleteConfirm: string;
    keep: string;
    linkCopied: string;
    /** The open set of reactions to choose from. */
    reactionPicker: string;
  };

  report: {
    title: string;
    reasonLegend: string;
    reasons: Record<ReportReason, string>;
    detailsLabel: string;
    detailsHint: string;
    detailsRequired: string;
    detailsTooLong: (limit: number) => string;
    send: string;
    sending: string;
    thanks: string;
  };

  fields: Record<FormField, FieldMessages>;
  /** For a field problem the reader cannot fix by typing (wrong type, unknown field). */
  fieldFallback: string;
  /** One reader-facing message per server error code: adding a code without one is a compile error. */
  errors: Record<ErrorCode, ErrorText>;
}

/** A language's whole catalog: both halves, with `bubble` and `comment` holding the keys of both. */
export type Messages = ReadMessages & LiveMessages;

/** Puts a language's two halves together. */
export function joinMessages(read: ReadMessages, live: LiveMessages): Messages {
  return {
    ...read,
    ...live,
    bubble: { ...read.bubble, ...live.bubble },
    comment: { ...read.comment, ...live.comment },
  };
}
