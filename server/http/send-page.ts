// Owns sending thread pages and other reading answers as JSON, reusing the serialized bytes of pages shared between readers.
import type { Request, Response } from 'express';
import type { CommentNode } from '../protocol/dto';
import { chooseEncoding, encodeBody, MIN_COMPRESSED_BYTES } from './compression';

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

/** Sends `{ comments, ...rest }`, reusing what was serialized (and compressed) for the same answer before. */
export function sendPage(req: Request, res: Response, page: Page): void {
  sendJsonBody(req, res, pageBody(page));
}

/** Sends a value as JSON, compressed when it is large enough and the client accepts it. */
export function sendJson(req: Request, res: Response, value: unknown): void {
  sendJsonBody(req, res, Buffer.from(JSON.stringify(value)));
}

function sendJsonBody(req: Request, res: Response, json: Buffer): void {
  const { body, encoding } = encodeBody(json, chooseEncoding(req.get('accept-encoding')));
  if (json.length >= MIN_COMPRESSED_BYTES) res.vary('Accept-Encoding');
  if (encoding !== null) res.set('Content-Encoding', encoding);
  res.type('application/json').send(body);
}

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
