// Owns the stand-in for a reader's site: the demo article on an origin of its own, embedding the widget from Parley's, and what it asks of Parley.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { PATHS } from '../../server/paths';

export interface HostPage {
  /** The article, on `localhost`: another host than Parley's 127.0.0.1, so another origin and another site. */
  url: string;
  stop(): Promise<void>;
}

const DEMO_DIR = path.join(PATHS.root, 'server', 'http', 'demo');

/** Replaces the one occurrence of `from`; a demo page that no longer has it must fail the part, not measure another page. */
function replaceOnce(html: string, from: string, to: string): string {
  const at = html.indexOf(from);
  if (at < 0 || html.indexOf(from, at + from.length) >= 0) {
    throw new Error(
      `the demo article no longer has exactly one ${from}: the host page cannot embed the widget as a site would`,
    );
  }
  return html.slice(0, at) + to + html.slice(at + from.length);
}

/**
 * The demo article as a site would serve it: read at start (the working tree's copy), the
 * widget's script pointed at Parley's absolute address and the stylesheet at our own copy.
 * Page id and canonical link stay, so it shows the same seeded thread. No CSP: the demo's
 * own allows only its origin, and a site's policy is the site's business.
 */
export async function startHostPage(parleyUrl: string): Promise<HostPage> {
  const html = replaceOnce(
    replaceOnce(
      fs.readFileSync(path.join(DEMO_DIR, 'article.html'), 'utf8'),
      'src="/widget.js"',
      `src="${parleyUrl}/widget.js"`,
    ),
    'href="/demo/article.css"',
    'href="/article.css"',
  );
  const css = fs.readFileSync(path.join(DEMO_DIR, 'article.css'));
  const files = new Map<string, { type: string; body: Buffer }>([
    ['/', { type: 'text/html; charset=utf-8', body: Buffer.from(html) }],
    ['/article.css', { type: 'text/css; charset=utf-8', body: css }],
  ]);
  const server = http.createServer((req, res) => {
    const file = req.method === 'GET' ? files.get((req.url ?? '').split('?')[0]) : undefined;
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Length': String(file.body.length),
      'Cache-Control': 'no-store',
    });
    res.end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request the page sent to Parley, as CDP's Network domain saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  /** CDP's monotonic clock, seconds. */
  sentS: number;
  /** Unix time in ms: the only CDP time that compares with the page's clock. */
  sentWallMs: number;
  headersS?: number;
  contentEncoding?: string;
  /** Bytes received, headers included. */
  receivedBytes?: number;
}

export function isPreflight(request: SeenRequest): boolean {
  return request.method === 'OPTIONS';
}

export function pathOf(request: SeenRequest): string {
  return new URL(request.url).pathname;
}

/** From being sent to its answer's headers: what emulated latency lengthens. */
export function headersWaitMs(request: SeenRequest): number {
  return request.headersS === undefined ? NaN : (request.headersS - request.sentS) * 1000;
}

/**
 * Records every request the page sends to `origin`; call before Network.enable. Preflights
 * show up here as requests of their own (initiator "preflight"), whereas Resource Timing folds
 * them into the request they clear and page.on('request') does not report them. Byte counts
 * come from loadingFinished rather than Resource Timing, which zeroes transferSize for another
 * origin's resources unless Timing-Allow-Origin allows it: one source keeps the figure
 * comparable whether or not the server sends that header.
 */
export function watchRequestsTo(cdp: CDPSession, origin: string): Map<string, SeenRequest> {
  const seen = new Map<string, SeenRequest>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (new URL(e.request.url).origin !== origin || seen.has(e.requestId)) return;
    seen.set(e.requestId, {
      method: e.request.method,
      url: e.request.url,
      sentS: e.timestamp,
      sentWallMs: e.wallTime * 1000,
    });
  });
  cdp.on('Network.responseReceived', (e) => {
    const request = seen.get(e.requestId);
    if (!request) return;
    request.headersS = e.timestamp;
    const encoding = Object.entries(e.response.headers).find(
      ([name]) => name.toLowerCase() === 'content-encoding',
    )?.[1];
    request.contentEncoding = encoding ?? 'identity';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const request = seen.get(e.requestId);
    if (request) request.receivedBytes = e.encodedDataLength;
  });
  return seen;
}
