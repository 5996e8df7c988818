// Owns the JSON bytes of thread pages and views, reused while readers share them.
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
/** The bytes of whole answers handed in again as the same object (a thread's view that readers share). */
const bodies = new WeakMap<object, Buffer>();

type Page = { comments: readonly CommentNode[] };

/** The JSON bytes of `{ comments, ...rest }`, reused while the comments and the rest are the same. */
export function pageBody(page: Page): Buffer {
  const whole = bodies.get(page);
  if (whole !== undefined) return whole;
  const body = serializePage(page);
  bodies.set(page, body);
  return body;
}

function serializePage(page: Page): Buffer {
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
