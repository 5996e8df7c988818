// What a site owner sees of the server beside the API: the icon browsers ask for, and which requests are logged.
import { createLogger } from '../../server/log/logger';
import { startTestServer } from '../helpers/server';

describe('the icon', () => {
  it('is served at /favicon.ico as an icon file and at /favicon.svg, with the demo on or off', async () => {
    for (const isDemoEnabled of [true, false]) {
      const server = await startTestServer({ isDemoEnabled });
      try {
        const ico = await fetch(`${server.url}/favicon.ico`);
        expect([isDemoEnabled, ico.status]).toEqual([isDemoEnabled, 200]);
        expect(ico.headers.get('content-type')).toMatch(/^image\//);
        // The ICO header: reserved 0, type 1 (icon), at least one image.
        const bytes = Buffer.from(await ico.arrayBuffer());
        expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
        expect(bytes.readUInt16LE(4)).toBeGreaterThan(0);

        const svg = await fetch(`${server.url}/favicon.svg`);
        expect(svg.status).toBe(200);
        expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
        expect(await svg.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      } finally {
        await server.close();
      }
    }
  });

  it('is linked by every demo page and the dashboard, to an address that answers', async () => {
    const server = await startTestServer();
    try {
      for (const page of ['/', '/demo/listing', '/demo/spa', '/admin']) {
        const html = await (await fetch(`${server.url}${page}`)).text();
        const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
        expect([page, href]).toEqual([page, '/favicon.svg']);
        expect((await fetch(`${server.url}${href}`)).status).toBe(200);
      }
    } finally {
      await server.close();
    }
  });
});

describe('the access log', () => {
  async function linesAfterRequests(isAccessLogEnabled?: boolean) {
    const lines: { level: string; msg: string }[] = [];
    const logger = createLogger('info', (line) => lines.push(JSON.parse(line)));
    const server = await startTestServer(isAccessLogEnabled === undefined ? {} : { isAccessLogEnabled }, { logger });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/widget.js`)).status).toBe(200);
      expect((await fetch(`${server.url}/no/such/page`)).status).toBe(404);
    } finally {
      // Closing waits for every answer, so every line the requests write is written by then.
      await server.close();
    }
    return lines;
  }

  it('writes no line per request at the default configuration and log level', async () => {
    const lines = await linesAfterRequests();
    expect(lines.some((l) => l.msg === 'listening')).toBe(true);
    expect(lines.filter((l) => l.msg === 'request')).toEqual([]);
  });

  it('writes one line per answered request when turned on', async () => {
    const lines = await linesAfterRequests(true);
    expect(lines.filter((l) => l.msg === 'request').map((l) => (l as unknown as { path: string }).path)).toEqual([
      '/healthz',
      '/widget.js',
      '/no/such/page',
    ]);
  });
});
