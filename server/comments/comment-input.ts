// Owns parsing of comment requests at the edge (HTTP body or socket payload).
import { LIMITS } from '../protocol/limits';
import { cleanPlainText, isLongerThan } from '../text/plain-text';
import { FieldReader, keysWithout, looksLikeEmail } from '../validation/fields';
import { readAnchor, type CommentAnchor } from './comment-anchor';

export interface PostCommentInput {
  threadId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string | null;
  body: string;
  clientId: string | null;
  /** Anything typed into the hidden trap field. */
  honeypot: string;
  /** Time from the form appearing to submission, when the client says. */
  elapsedMs: number | null;
  /** "Notify me of replies": the author's email is subscribed to replies to their comments on this thread. */
  notifyReplies: boolean;
  /** What a top-level comment is feedback on; always null on a reply (replies inherit nothing). */
  anchor?: CommentAnchor | null;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface EditCommentInput {
  commentId: number;
  body: string;
}

function readBody(r: FieldReader): string {
  const bodyRaw = r.string('body');
  // NFC, as every text field: a letter and its accent typed apart count as the one character they show.
  const body = bodyRaw === undefined ? '' : bodyRaw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (bodyRaw !== undefined) {
    if (body === '') r.add({ field: 'body', issue: 'required' });
    // Checked before any sanitizing: the sanitizer's cost grows faster than its input.
    else if (isLongerThan(body, LIMITS.maxBodyChars))
      r.add({ field: 'body', issue: 'too_long', limit: LIMITS.maxBodyChars });
  }
  return body;
}

/** Parses a post request; `threadId` may come from the URL instead of the body. */
export function parsePostComment(raw: unknown, fromPath: { threadId?: number } = {}): PostCommentInput {
  const r = new FieldReader(
    raw,
    keysWithout(
      [
        'threadId',
        'parentId',
        'authorName',
        'authorEmail',
        'body',
        'clientId',
        'honeypot',
        'elapsedMs',
        'notifyReplies',
        'anchor',
      ],
      fromPath,
    ),
  );
  const threadId = fromPath.threadId ?? r.id('threadId');
  const parentId = r.id('parentId', { isOptional: true }) ?? null;

  const nameRaw = r.string('authorName');
  const authorName = nameRaw === undefined ? '' : cleanPlainText(nameRaw);
  if (nameRaw !== undefined) {
    if (authorName === '') r.add({ field: 'authorName', issue: 'required' });
    else if (isLongerThan(authorName, LIMITS.maxNameChars))
      r.add({ field: 'authorName', issue: 'too_long', limit: LIMITS.maxNameChars });
  }

  const emailRaw = r.string('authorEmail', { isOptional: true });
  const email = emailRaw === undefined ? '' : emailRaw.trim();
  if (isLongerThan(email, LIMITS.maxEmailChars))
    r.add({ field: 'authorEmail', issue: 'too_long', limit: LIMITS.maxEmailChars });
  else if (email !== '' && !looksLikeEmail(email)) r.add({ field: 'authorEmail', issue: 'invalid' });

  const body = readBody(r);
  const clientId = r.string('clientId', { isOptional: true }) ?? null;
  if (clientId !== null && !CLIENT_ID.test(clientId)) r.add({ field: 'clientId', issue: 'invalid' });
  const honeypot = r.string('honeypot', { isOptional: true }) ?? '';
  const elapsed = r.raw('elapsedMs');
  if (
    elapsed !== undefined &&
    elapsed !== null &&
    (typeof elapsed !== 'number' || !Number.isFinite(elapsed) || elapsed < 0)
  ) {
    r.add({ field: 'elapsedMs', issue: 'wrong_type' });
  }
  const notify = r.raw('notifyReplies');
  if (notify !== undefined && notify !== null && typeof notify !== 'boolean')
    r.add({ field: 'notifyReplies', issue: 'wrong_type' });
  const notifyReplies = notify === true;
  // Replies are told by email: without an address there is nowhere to tell them.
  if (notifyReplies && email === '') r.add({ field: 'authorEmail', issue: 'required' });
  const anchor = readAnchor(r);
  r.finish();
  return {
    threadId: threadId as number,
    parentId,
    anchor: parentId === null ? anchor : null,
    authorName,
    authorEmail: email === '' ? null : email,
    body,
    clientId,
    honeypot: honeypot.slice(0, 1000),
    elapsedMs: typeof elapsed === 'number' ? elapsed : null,
    notifyReplies,
  };
}

export function parseEditComment(raw: unknown, fromPath: { commentId?: number } = {}): EditCommentInput {
  const r = new FieldReader(raw, keysWithout(['commentId', 'body'], fromPath));
  const commentId = fromPath.commentId ?? r.id('commentId');
  const body = readBody(r);
  r.finish();
  return { commentId: commentId as number, body };
}

export function parseCommentRef(raw: unknown): { commentId: number } {
  const r = new FieldReader(raw, ['commentId']);
  const commentId = r.id('commentId');
  r.finish();
  return { commentId: commentId as number };
}

/** A draft to preview: its body alone, checked as a post's is. */
export function parsePreview(raw: unknown): { body: string } {
  const r = new FieldReader(raw, ['body']);
  const body = readBody(r);
  r.finish();
  return { body };
}
