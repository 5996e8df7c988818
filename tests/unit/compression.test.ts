import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, encodeBody, MIN_COMPRESSED_BYTES } from '../../server/http/compression';

test.each([
  ['gzip, deflate, br, zstd', 'br'],
  ['gzip, deflate', 'gzip'],
  ['br;q=0, gzip', 'gzip'],
  ['gzip;q=1.0, br;q=0.5', 'gzip'],
  ['BR', 'br'],
  ['*', 'br'],
  ['*;q=0, gzip;q=0.1', 'gzip'],
  ['identity', null],
  ['identity, *;q=0', null],
  ['deflate', null],
  ['', null],
  [undefined, null],
  ['gzip;q=nonsense', null],
])('Accept-Encoding %p is answered in %p', (header, expected) => {
  expect(chooseEncoding(header)).toBe(expected);
});

test('a body handed in again as the same buffer is compressed once, and decompresses to itself', () => {
  const body = Buffer.from(
    JSON.stringify({ comments: Array.from({ length: 50 }, (_, i) => ({ id: i, bodyHtml: `<p>comment ${i}</p>` })) }),
  );
  const br = encodeBody(body, 'br');
  expect(br.encoding).toBe('br');
  expect(encodeBody(body, 'br').body).toBe(br.body);
  expect(brotliDecompressSync(br.body).equals(body)).toBe(true);
  const gzip = encodeBody(body, 'gzip');
  expect(gunzipSync(gzip.body).equals(body)).toBe(true);
  expect(encodeBody(Buffer.from(body), 'br').body).not.toBe(br.body);
});

test('a body under the threshold, or for a client that takes none, goes as it is', () => {
  const small = Buffer.alloc(MIN_COMPRESSED_BYTES - 1, 'a');
  expect(encodeBody(small, 'br')).toEqual({ body: small, encoding: null });
  const large = Buffer.alloc(MIN_COMPRESSED_BYTES * 4, 'a');
  expect(encodeBody(large, null)).toEqual({ body: large, encoding: null });
});
