// Owns reading JSON request bodies on the express path: UTF-8 only, and every way a body can fail
// to be read turned into a stable code rather than an internal error.
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors';

/** The largest JSON body either path reads, the hot routes included. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** A media type's charset parameter, quoted or not. */
const CHARSET = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i;

/** Whether the request carries a body at all, as node and the body parser decide it. */
export function hasBody(headers: { 'transfer-encoding'?: string; 'content-length'?: string }): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** Maps the body parser's failures (which carry a `type`, or are zlib's) to stable codes; null for anything else. */
function fromBodyParser(err: unknown): AppError | null {
  const { type, status, errno } = (err ?? {}) as { type?: unknown; status?: unknown; errno?: unknown };
  if (type === 'entity.parse.failed') {
    return new AppError('INVALID_JSON', { publicMessage: 'The request body is not valid JSON.', cause: err });
  }
  if (type === 'entity.too.large') {
    return new AppError('PAYLOAD_TOO_LARGE', { publicMessage: 'The request body is too large.', cause: err });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { publicMessage: 'Send the request body as UTF-8 JSON, uncompressed or in gzip, deflate or br.', cause: err });
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') {
    return new AppError('VALIDATION_FAILED', { publicMessage: 'The request body was incomplete.', cause: err });
  }
  // A Content-Encoding the parser knows over bytes that are not in it: zlib's error (with its errno), marked 400.
  if (type === undefined && status === 400 && typeof errno === 'number') {
    return new AppError('INVALID_JSON', { publicMessage: 'The request body could not be decompressed as its Content-Encoding says.', cause: err });
  }
  return null;
}

/**
 * express's JSON parser (for `type`, JSON's media type unless told otherwise), refusing a body
 * in any charset but UTF-8 (the parser itself would convert UTF-16 and UTF-32), and answering
 * each way a body cannot be read with its own code.
 */
export function jsonBody(type: string = 'application/json'): RequestHandler {
  const parse = express.json({ type, limit: MAX_JSON_BODY_BYTES, strict: true });
  return (req, res, next) => {
    const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[2].toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && hasBody(req.headers) && req.is(type)) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', { publicMessage: 'Send the request body as UTF-8 JSON.', details: { charset: charset.slice(0, 40) } }));
      return;
    }
    parse(req, res, (err?: unknown) => next(err === undefined ? undefined : (fromBodyParser(err) ?? err)));
  };
}
