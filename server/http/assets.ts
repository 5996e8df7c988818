// Owns sending Parley's built scripts: from memory, compressed as the client accepts, revalidated by ETag.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import { chooseEncoding, type Encoding } from './compression';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface Asset {
  /** What the file was when read: a rebuild changes one or the other. */
  mtimeMs: number;
  size: number;
  raw: Buffer;
  etag: string;
  /** Filled in off the event loop after the first request; until then the raw bytes go. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

/**
 * Built scripts are what every reader's browser loads first, so they are sent compressed at
 * the best ratio there is (the sizes the widget's budget counts), worked out once per build
 * of the file and in the background: compressing the dashboard at brotli's top quality takes
 * a fifth of a second, which no request should wait for.
 */
export function createAssetSender() {
  const assets = new Map<string, Asset>();

  function load(file: string): Asset | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    const known = assets.get(file);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known;
    const raw = fs.readFileSync(file);
    const asset: Asset = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      raw,
      etag: `"${createHash('sha1').update(raw).digest('base64url')}"`,
      encoded: {},
    };
    assets.set(file, asset);
    const quality = {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    };
    // A failure leaves the raw bytes in use, which is correct, only larger.
    brotli(raw, quality).then(
      (packed) => void (asset.encoded.br = packed),
      () => undefined,
    );
    gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }).then(
      (packed) => void (asset.encoded.gzip = packed),
      () => undefined,
    );
    return asset;
  }

  /** Answers with `file`, or returns false when there is no such file (not built yet). */
  function respond(file: string, headers: Record<string, string>, req: Request, res: Response): boolean {
    const asset = load(file);
    if (asset === null) return false;
    const encoding = chooseEncoding(req.get('accept-encoding'));
    const body = encoding === null ? undefined : asset.encoded[encoding];
    // One ETag per encoding: a cache must not answer a gzip request with brotli bytes.
    const etag = body === undefined ? asset.etag : `${asset.etag.slice(0, -1)}-${encoding}"`;
    res.set(headers);
    res.set({
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      ETag: etag,
      Vary: 'Accept-Encoding',
    });
    if (req.fresh) {
      res.status(304).end();
      return true;
    }
    if (body !== undefined) res.set('Content-Encoding', encoding as Encoding);
    res.send(body ?? asset.raw);
    return true;
  }

  /** Sends `file` with `headers`; 503 when it is not built yet. */
  function send(file: string, headers: Record<string, string>): RequestHandler {
    return (req, res) => {
      if (!respond(file, headers, req, res))
        res.status(503).type('text/plain').send('Parley is not built yet: run "npm run build".');
    };
  }

  /** Sends the files of one folder by name (`/:name`), for the widget's later-loaded modules. */
  function sendFolder(dir: string, headers: Record<string, string>): RequestHandler {
    return (req, res, next) => {
      const name = req.params.name;
      // Only plain file names of built scripts: nothing with a path in it.
      if (
        typeof name !== 'string' ||
        !/^[\w-]+(?:\.[\w-]+)*\.js$/.test(name) ||
        !respond(path.join(dir, name), headers, req, res)
      )
        next();
    };
  }

  return { send, sendFolder };
}
