import http from 'node:http';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('comment counts for listing pages', () => {
  it('answers many pages in one request, zero for pages nobody commented on', async () => {
    const reader = makeReader(server.url);
    const a = (await openThread(server.url, 'count-a')).thread.id;
    await reader.post(a, { body: 'one' });
    await reader.post(a, { body: 'two' });
    const res = await reader.call('GET', '/api/counts?pageId=count-a&pageId=count-b&pageId=count-a');
    expect(res.json).toEqual({ counts: { 'count-a': 2, 'count-b': 0 } });
  });

  it('refuses no pages, too many pages, and empty ids', async () => {
    const reader = makeReader(server.url);
    expect((await reader.call('GET', '/api/counts')).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `pageId=p${i}`).join('&');
    expect((await reader.call('GET', `/api/counts?${many}`)).json.error.details.fields).toEqual([
      { field: 'pageId', issue: 'too_long', limit: 100 },
    ]);
    expect((await reader.call('GET', '/api/counts?pageId=')).status).toBe(400);
  });

  it('streams changes to the counts live, including a page whose first comment arrives later', async () => {
    const reader = makeReader(server.url);
    const existing = (await openThread(server.url, 'live-a')).thread.id;
    const events: Record<string, number>[] = [];
    const req = http.get(`${server.url}/api/counts/live?pageId=live-a&pageId=live-b`);
    const response = await new Promise<http.IncomingMessage>((resolve) => req.once('response', resolve));
    expect(response.headers['content-type']).toBe('text/event-stream');
    let buffer = '';
    response.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    });
    const waitFor = async (check: () => boolean) => {
      const deadline = Date.now() + 5000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`no such event in ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await waitFor(() => events.length === 1);
    expect(events[0]).toEqual({ 'live-a': 0, 'live-b': 0 });
    await reader.post(existing, { body: 'counted live' });
    await waitFor(() => events.some((e) => e['live-a'] === 1));
    const later = (await openThread(server.url, 'live-b')).thread.id;
    await reader.post(later, { body: 'first on b' });
    await waitFor(() => events.some((e) => e['live-b'] === 1));
    req.destroy();
  });
});
