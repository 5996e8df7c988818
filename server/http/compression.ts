// Owns compressing answers for clients that accept it, and keeping the compressed bytes of answers many readers share.
import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this an answer fits a packet or two either way, and compressing it costs more than it saves. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Brotli at quality 5 packs a page of comments to a tenth in about 0.15 ms; the higher
 * qualities take ten to three hundred times as long for a few percent more.
 */
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  },
};
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 6 };

/** An Accept-Encoding value's choice, remembered: browsers send one of a handful of spellings. */
const choices = new Map<string, Encoding | null>();
const MAX_REMEMBERED_CHOICES = 100;

/**
 * The encoding to answer in, from the request's Accept-Encoding: brotli, else gzip, else none.
 * Follows q-values (`br;q=0` refuses brotli) and `*`.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (acceptEncoding === undefined || acceptEncoding === '') return null;
  const known = choices.get(acceptEncoding);
  if (known !== undefined) return known;
  const choice = parseChoice(acceptEncoding);
  if (choices.size < MAX_REMEMBERED_CHOICES) choices.set(acceptEncoding, choice);
  return choice;
}

function parseChoice(acceptEncoding: string): Encoding | null {
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (name === '') continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

/** Compressed forms of bodies that are sent again and again (a thread's shared first page). */
const compressed = new WeakMap<Buffer, Partial<Record<Encoding, Buffer>>>();

/**
 * The body to send and its Content-Encoding. Small bodies go as they are. A body handed in
 * again as the same Buffer (the answers of `pageBody` that readers share) is compressed once.
 */
export function encodeBody(body: Buffer, encoding: Encoding | null): { body: Buffer; encoding: Encoding | null } {
  if (encoding === null || body.length < MIN_COMPRESSED_BYTES) return { body, encoding: null };
  let forms = compressed.get(body);
  const done = forms?.[encoding];
  if (done !== undefined) return { body: done, encoding };
  const packed = encoding === 'br' ? zlib.brotliCompressSync(body, BROTLI_OPTIONS) : zlib.gzipSync(body, GZIP_OPTIONS);
  if (forms === undefined) compressed.set(body, (forms = {}));
  forms[encoding] = packed;
  return { body: packed, encoding };
}
