// Owns sending thread pages as JSON, reusing the serialized text of comment lists shared between readers.
import type { Response } from 'express';
import type { CommentNode } from '../protocol/dto';

/**
 * A thread's cached first page hands every reader the same (never mutated) comment list,
 * so its JSON text is kept with it and dropped with it.
 */
const serialized = new WeakMap<readonly CommentNode[], string>();

function textOf(nodes: readonly CommentNode[]): string {
  let text = serialized.get(nodes);
  if (text === undefined) {
    text = JSON.stringify(nodes);
    serialized.set(nodes, text);
  }
  return text;
}

/** Sends `{ comments, ...rest }` with the comments' text reused when it was built before. */
export function sendPage(res: Response, page: { comments: readonly CommentNode[] } & Record<string, unknown>): void {
  const { comments, ...rest } = page;
  const others = JSON.stringify(rest);
  res.type('application/json').send(`{"comments":${textOf(comments)}${others === '{}' ? '}' : `,${others.slice(1)}`}`);
}
