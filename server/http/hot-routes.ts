// Owns answering the few requests that make up nearly all traffic without the express stack:
// the widget's first request for a page's thread, a thread's page of comments, a vote, a new comment.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Actor } from '../identity/actor';
import type { CommentService } from '../comments/comment-service';
import type { ThreadReader } from '../reading/thread-reader';
import { AppError, toWireError } from '../errors';
import type { ClientResolver } from '../identity/client-address';
import type { Identify } from '../identity/identify';
import { describeError, type Logger } from '../log/logger';
import type { VoteService } from '../votes/vote-service';
import { openAnswer, pageAnswer, postAnswer, voteAnswer } from './answers';
import { chooseEncoding, encodeBody, MIN_COMPRESSED_BYTES } from './compression';
import { isOriginAllowed } from './cors';
import { HSTS, retryAfterOf, SECURITY_HEADERS } from './headers';
import { MAX_JSON_BODY_BYTES } from './json-body';
import { GUEST_TOKEN_HEADER } from './routes/params';
import { pageBody } from './send-page';

export interface HotRouteDeps {
  reader: ThreadReader;
  comments: CommentService;
  votes: VoteService;
  identify: Identify;
  logger: Logger;
  allowedOrigins: string[] | null;
  clients: ClientResolver;
}

// Exactly these spellings; any other (a trailing slash, upper case) goes through express.
const PAGE_PATH = /^\/api\/threads\/(\d{1,15})\/comments(?:\?(.*))?$/;
const POST_PATH = /^\/api\/threads\/(\d{1,15})\/comments$/;
const VOTE_PATH = /^\/api\/comments\/(\d{1,15})\/vote$/;
const OPEN_PATH = '/api/threads/open';
/** What the JSON parser accepts without converting: JSON in UTF-8 (the widget sends exactly this). */
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset=(?:"utf-8"|utf-8))?$/i;
/** The open request's other spelling, as browsers send a string body: JSON as UTF-8 text. */
const PLAIN_TEXT = /^text\/plain(?:\s*;\s*charset=(?:"utf-8"|utf-8))?$/i;
const JSON_TYPE = 'application/json; charset=utf-8';
const BASE_HEADERS = Object.entries(SECURITY_HEADERS).flat();

type Answer = { status: number; body: Buffer; retryAfter?: string | null };
type Handler = (req: IncomingMessage, id: number, query: string | undefined) => Promise<Answer>;
/** A route and what its path named: an id (none for the open request), and for pages the query string. */
type Found = { handler: Handler; id: number; query: string | undefined };

const json = (status: number, value: unknown): Answer => ({ status, body: Buffer.from(JSON.stringify(value)) });

/**
 * Under load these requests are most of the traffic, and express's routing, middleware and
 * response helpers cost several times what answering them does (a cached page is ready
 * bytes). These handlers give the same answers, headers, errors and log lines as the express
 * routes, with the same parsing and services. A request they do not recognise as plainly
 * well-formed (another spelling of the path, a foreign origin, a body in another encoding,
 * without a length, or too large) is left untouched to express, so every such refusal keeps
 * one source. Returns whether it took the request.
 */
export function createHotRoutes({ reader, comments, votes, identify, logger, allowedOrigins, clients }: HotRouteDeps) {
  const isLogging = logger.isEnabled('info');

  const actorOf = (req: IncomingMessage, isWrite: boolean): Actor =>
    // Reads need no address (limits and bans apply to writes), and hashing it on every read costs.
    identify(
      req.headers[GUEST_TOKEN_HEADER],
      isWrite ? clients.addressOf(req) : undefined,
      req.headers['user-agent'],
    );

  const openThread: Handler = async (req) => {
    const body = await readJson(req);
    const view = await openAnswer(reader, identify, {
      body,
      headerToken: req.headers[GUEST_TOKEN_HEADER],
      userAgent: req.headers['user-agent'],
      origin: req.headers.origin,
      address: () => clients.addressOf(req),
    });
    return { status: 200, body: pageBody(view) };
  };

  const loadPage: Handler = async (req, threadId, query) => {
    const page = await pageAnswer(reader, parseQuery(query ?? ''), threadId, () => actorOf(req, false));
    return { status: 200, body: pageBody(page) };
  };

  const postComment: Handler = async (req, threadId) => json(201, await postAnswer(comments, await readJson(req), threadId, () => actorOf(req, true)));

  const castVote: Handler = async (req, commentId) => json(200, await voteAnswer(votes, await readJson(req), commentId, () => actorOf(req, true)));

  const found = (handler: Handler, match: RegExpExecArray): Found | null => {
    const id = Number(match[1]);
    // Ids start at 1: anything else names nothing, which express words as "not found".
    return id < 1 ? null : { handler, id, query: match[2] };
  };

  function route(req: IncomingMessage): Found | null {
    const url = req.url ?? '';
    if (!url.startsWith('/api/')) return null;
    let match: RegExpExecArray | null;
    if (req.method === 'GET') return (match = PAGE_PATH.exec(url)) ? found(loadPage, match) : null;
    if (req.method !== 'POST') return null;
    if (url === OPEN_PATH) return hasPlainJsonBody(req, true) ? { handler: openThread, id: 0, query: undefined } : null;
    if (!hasPlainJsonBody(req, false)) return null;
    if ((match = VOTE_PATH.exec(url))) return found(castVote, match);
    if ((match = POST_PATH.exec(url))) return found(postComment, match);
    return null;
  }

  return function handleHotRoute(req: IncomingMessage, res: ServerResponse): boolean {
    const taken = route(req);
    if (taken === null) return false;
    const origin = req.headers.origin;
    if (!isOriginAllowed(origin, req.headers.host, allowedOrigins)) return false;
    const path = (req.url ?? '').split('?')[0];
    const started = isLogging ? process.hrtime.bigint() : 0n;

    const send = ({ status, body: plain, retryAfter }: Answer): void => {
      if (res.headersSent || res.destroyed) return;
      const { body, encoding } = encodeBody(plain, chooseEncoding(req.headers['accept-encoding']));
      const headers: string[] = [...BASE_HEADERS, 'Content-Type', JSON_TYPE, 'Content-Length', String(body.length)];
      if (clients.isHttps(req)) headers.push(HSTS.name, HSTS.value);
      if (retryAfter !== null && retryAfter !== undefined) headers.push('Retry-After', retryAfter);
      if (encoding !== null) headers.push('Content-Encoding', encoding);
      if (origin !== undefined) headers.push('Access-Control-Allow-Origin', origin);
      const vary: string[] = [];
      if (origin !== undefined) vary.push('Origin');
      if (plain.length >= MIN_COMPRESSED_BYTES) vary.push('Accept-Encoding');
      if (vary.length > 0) headers.push('Vary', vary.join(', '));
      res.writeHead(status, headers);
      res.end(body);
      if (isLogging) {
        const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
        logger.info('request', { method: req.method, path, status, durationMs });
      }
    };
    taken.handler(req, taken.id, taken.query).then(send, (err: unknown) => {
      const { status, error, isInternal } = toWireError(err);
      if (isInternal) logger.error('request failed', { method: req.method, path, ...describeError(err) });
      send({ ...json(status, { error }), retryAfter: retryAfterOf(status, error) });
    });
    return true;
  };
}

/** A body the hot routes read themselves: plain UTF-8 JSON (or, where `isTextAllowed`, JSON as UTF-8 text) of a stated, allowed length. */
function hasPlainJsonBody(req: IncomingMessage, isTextAllowed: boolean): boolean {
  const { headers } = req;
  if (headers['transfer-encoding'] !== undefined) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = headers['content-type'];
  if (type === undefined) return false;
  const trimmed = type.trim();
  if (!PLAIN_JSON.test(trimmed) && !(isTextAllowed && PLAIN_TEXT.test(trimmed))) return false;
  const length = headers['content-length'];
  return length !== undefined && /^\d{1,6}$/.test(length) && Number(length) <= MAX_JSON_BODY_BYTES;
}

/** Reads the body as the express JSON parser would: an empty body is `{}`, and only objects and arrays are JSON here. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', (err) => reject(new AppError('VALIDATION_FAILED', { publicMessage: 'The request body was incomplete.', cause: err })));
    req.on('aborted', () => reject(new AppError('VALIDATION_FAILED', { publicMessage: 'The request body was incomplete.' })));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve({});
      const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
      try {
        if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new AppError('INVALID_JSON', { publicMessage: 'The request body is not valid JSON.', cause: err }));
      }
    });
  });
}
