// Owns the shape every language of the widget's message catalog must fill.
import type { ErrorCode } from '../../server/protocol/dto';

/** The fields a reader fills in; server field names, so validation details map straight onto them. */
export type FormField = 'authorName' | 'authorEmail' | 'body';

/** Mirrors the issues the server reports in VALIDATION_FAILED details. */
export type FieldIssue = 'required' | 'wrong_type' | 'too_long' | 'invalid' | 'unknown_field';

export interface FieldMessages {
  required: string;
  tooLong: (limit: number) => string;
  invalid: string;
}

export interface Messages {
  /** BCP 47 tag used for numbers, dates and relative times. */
  locale: string;
  regionLabel: string;
  commentCount: (count: number) => string;
  loading: string;
  empty: string;
  loadFailed: (reason: string) => string;
  reconnecting: string;
  refused: string;
  closed: string;
  stale: string;
  showMore: string;
  loadingMore: string;

  form: {
    mainLabel: string;
    replyLabel: (authorName: string) => string;
    nameLabel: string;
    emailLabel: string;
    emailHint: string;
    bodyLabel: string;
    bodyPlaceholder: string;
    replyPlaceholder: string;
    submit: string;
    submitReply: string;
    sending: string;
    cancel: string;
    shortcutHint: string;
  };

  comment: {
    reply: string;
    replyTo: (authorName: string) => string;
    repliesLabel: (authorName: string) => string;
    justNow: string;
    edited: string;
    inReplyTo: (authorName: string) => string;
    deleted: string;
    removed: string;
    /** Someone else's comment held for a moderator, shown only because it has replies. */
    held: string;
    /** The reader's own comment held for a moderator. */
    pending: string;
  };

  fields: Record<FormField, FieldMessages>;
  /** For a field problem the reader cannot fix by typing (wrong type, unknown field). */
  fieldFallback: string;
  /** The server could not be reached, or did not answer in time. */
  unreachable: string;
  /** One reader-facing message per server error code: adding a code without one is a compile error. */
  errors: Record<ErrorCode, string>;
}
