// Owns reading request bodies: UTF-8 JSON (or JSON as text), plain or compressed, within one size limit, and every way a body can fail to be read turned into a stable code.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { parse as parseQuery } from 'node:querystring';
import zlib from 'node:zlib';
import { AppError } from '../errors';
import type { BodyKind } from './route';

/** The largest body any endpoint reads, counted after decompressing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A media type's charset parameter, quoted or not. */
const CHARSET = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i;
/** What JSON.parse accepts first, after white space: only objects and arrays count as JSON bodies here. */
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*(.)/;

type MediaType = 'json' | 'text' | 'form' | 'other' | 'none';

function mediaTypeOf(headers: IncomingHttpHeaders): MediaType {
  const type = headers['content-type'];
  if (type === undefined) return 'none';
  const semicolon = type.indexOf(';');
  const essence = (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  if (essence === 'application/x-www-form-urlencoded') return 'form';
  return essence === 'application/json' ? 'json' : essence === 'text/plain' ? 'text' : 'other';
}

/** Whether the request carries a body at all: a length (even 0) or a chunked transfer, as node frames it. */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || headers['content-length'] !== undefined;
}

/** Whether a request says it carries JSON, or nothing: what a dashboard write may send. */
export function isJsonOrEmpty(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  const isEmpty = headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
  return isEmpty || mediaTypeOf(headers) === 'json';
}

const unsupportedType = (kind: BodyKind) =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', {
    publicMessage:
      kind === 'json-or-text'
        ? 'Send the request body as application/json or text/plain JSON.'
        : 'Send the request body as application/json.',
  });

/**
 * Reads the body an endpoint takes. `json` and `json-or-text` require their media type
 * (a form post from another site is refused), `json-if-any` reads JSON when it is sent and
 * gives `undefined` otherwise. Only UTF-8 is read; gzip, deflate and br bodies are
 * decompressed. A body that cannot be used is read to its end before the refusal, so the
 * client is not reset before it sees why.
 */
export function readBody(req: IncomingMessage, kind: Exclude<BodyKind, 'none'>): Promise<unknown> {
  const { headers } = req;
  const media = mediaTypeOf(headers);
  if (kind === 'form') return readForm(req, media);
  if (kind === 'json-if-any') {
    if (media !== 'json' || !hasBody(headers)) return Promise.resolve(undefined);
  } else if (media !== 'json' && !(kind === 'json-or-text' && media === 'text')) {
    return Promise.reject(unsupportedType(kind));
  }
  const charset = CHARSET.exec(headers['content-type'] as string)?.[2].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8') {
    return refuseAfterReading(
      req,
      new AppError('UNSUPPORTED_MEDIA_TYPE', {
        publicMessage: 'Send the request body as UTF-8 JSON.',
        details: { charset: charset.slice(0, 40) },
      }),
    );
  }
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  let decoder: Transform | null = null;
  if (encoding !== 'identity') {
    decoder =
      encoding === 'gzip'
        ? zlib.createGunzip()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : encoding === 'br'
            ? zlib.createBrotliDecompress()
            : null;
    if (decoder === null) {
      return refuseAfterReading(
        req,
        new AppError('UNSUPPORTED_MEDIA_TYPE', {
          publicMessage: 'Send the request body as UTF-8 JSON, uncompressed or in gzip, deflate or br.',
        }),
      );
    }
    req.pipe(decoder);
  } else {
    const length = headers['content-length'];
    if (length !== undefined && Number(length) > MAX_BODY_BYTES) return refuseAfterReading(req, tooLarge());
  }
  return collect(req, decoder).then(parseJson);
}

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', { publicMessage: 'The request body is too large.' });
const incomplete = (cause?: unknown) =>
  new AppError('VALIDATION_FAILED', { publicMessage: 'The request body was incomplete.', cause });

/** Reads the rest of the request and then rejects with `err`. */
function refuseAfterReading(req: IncomingMessage, err: AppError): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (req.complete || req.readableEnded) return reject(err);
    const done = () => reject(err);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

/** The body's bytes, from the request or its decoder, up to the limit. */
function collect(req: IncomingMessage, decoder: Transform | null): Promise<Buffer> {
  const source: Readable = decoder ?? req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isSettled = false;
    const fail = (err: AppError) => {
      if (isSettled) return;
      isSettled = true;
      if (decoder !== null) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      source.removeListener('data', onData);
      refuseAfterReading(req, err).catch(reject);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return fail(tooLarge());
      chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('end', () => {
      if (isSettled) return;
      isSettled = true;
      // Anything after the compressed stream's end is read off, so the request can finish.
      if (decoder !== null) {
        req.unpipe(decoder);
        req.resume();
      }
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    // A decoder's error: the bytes are not in the encoding the request names.
    if (decoder !== null) {
      decoder.once('error', (err) =>
        fail(
          new AppError('INVALID_JSON', {
            publicMessage: 'The request body could not be decompressed as its Content-Encoding says.',
            cause: err,
          }),
        ),
      );
    }
    req.once('aborted', () => fail(incomplete()));
    req.once('error', (err) => fail(incomplete(err)));
  });
}

/** An empty body is `{}`; otherwise an object or array of JSON, without a byte-order mark. */
function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = FIRST_CHAR.exec(text)?.[1];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('INVALID_JSON', { publicMessage: 'The request body is not valid JSON.', cause: err });
  }
}

/** A form's fields (a repeated field is an array, which field readers refuse); no body is `{}`. */
function readForm(req: IncomingMessage, media: MediaType): Promise<unknown> {
  if (!hasBody(req.headers)) return Promise.resolve({});
  if (media !== 'form') {
    return refuseAfterReading(
      req,
      new AppError('UNSUPPORTED_MEDIA_TYPE', { publicMessage: 'Send the form as application/x-www-form-urlencoded.' }),
    );
  }
  const length = req.headers['content-length'];
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) return refuseAfterReading(req, tooLarge());
  return collect(req, null).then((bytes) => ({ ...parseQuery(bytes.toString('utf8')) }));
}
