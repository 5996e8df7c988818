// Owns sending thread pages as JSON, reusing the serialized bytes of pages shared between readers.
import type { Response } from 'express';
import type { CommentNode } from '../protocol/dto';

interface Serialized {
  comments: string;
  /** The last whole answer built around these comments, and the rest of the page it had. */
  lastRest?: string;
  lastBody?: Buffer;
}

/**
 * A thread's cached first page hands every reader the same (never mutated) comment list,
 * so its JSON text is kept with it and dropped with it. Readers without votes or comments
 * of their own get byte-identical answers, and the whole answer is reused for them.
 */
const serialized = new WeakMap<readonly CommentNode[], Serialized>();

type Page = { comments: readonly CommentNode[] } & Record<string, unknown>;

/** Sends `{ comments, ...rest }`, reusing what was serialized for the same comments before. */
export function sendPage(res: Response, page: Page): void {
  res.type('application/json').send(pageBody(page));
}

/** The JSON bytes of `{ comments, ...rest }`, reused while the comments and the rest are the same. */
export function pageBody(page: Page): Buffer {
  const { comments, ...rest } = page;
  let entry = serialized.get(comments);
  if (entry === undefined) {
    entry = { comments: JSON.stringify(comments) };
    serialized.set(comments, entry);
  }
  const restText = JSON.stringify(rest);
  if (entry.lastRest !== restText || entry.lastBody === undefined) {
    entry.lastRest = restText;
    entry.lastBody = Buffer.from(`{"comments":${entry.comments}${restText === '{}' ? '}' : `,${restText.slice(1)}`}`);
  }
  return entry.lastBody;
}
