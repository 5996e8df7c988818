// Owns parsing of the post-comment request at the edge (HTTP body or socket payload).
import { LIMITS } from '../protocol/limits';
import { cleanPlainText, graphemeLength } from '../text/plain-text';
import { FieldReader } from '../validation/fields';

export interface PostCommentInput {
  threadId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string | null;
  body: string;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

const KEYS = ['threadId', 'parentId', 'authorName', 'authorEmail', 'body'] as const;

/** Parses a post request; `threadId` may come from the URL instead of the body. */
export function parsePostComment(raw: unknown, fromPath: { threadId?: number } = {}): PostCommentInput {
  const allowed = fromPath.threadId === undefined ? KEYS : KEYS.filter((k) => k !== 'threadId');
  const r = new FieldReader(raw, allowed);
  const threadId = fromPath.threadId ?? r.id('threadId');
  const parentId = r.id('parentId', { isOptional: true }) ?? null;

  const nameRaw = r.string('authorName');
  const authorName = nameRaw === undefined ? '' : cleanPlainText(nameRaw);
  if (nameRaw !== undefined) {
    if (authorName === '') r.add({ field: 'authorName', issue: 'required' });
    else if (graphemeLength(authorName) > LIMITS.maxNameChars) r.add({ field: 'authorName', issue: 'too_long', limit: LIMITS.maxNameChars });
  }

  const emailRaw = r.string('authorEmail', { isOptional: true });
  const email = emailRaw === undefined ? '' : emailRaw.trim();
  if (email.length > LIMITS.maxEmailChars) r.add({ field: 'authorEmail', issue: 'too_long', limit: LIMITS.maxEmailChars });
  else if (email !== '' && !EMAIL.test(email)) r.add({ field: 'authorEmail', issue: 'invalid' });

  const bodyRaw = r.string('body');
  const body = bodyRaw === undefined ? '' : bodyRaw.replace(/\r\n?/g, '\n').trim();
  if (bodyRaw !== undefined) {
    if (body === '') r.add({ field: 'body', issue: 'required' });
    // Checked before any sanitizing: the sanitizer's cost grows faster than its input.
    else if ([...body].length > LIMITS.maxBodyChars) r.add({ field: 'body', issue: 'too_long', limit: LIMITS.maxBodyChars });
  }

  r.finish();
  return { threadId: threadId as number, parentId, authorName, authorEmail: email === '' ? null : email, body };
}
