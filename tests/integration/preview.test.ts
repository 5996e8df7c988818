// The form's Preview tab asks the server to render a draft: the same render as a post, nothing stored, limited like other costly requests.
import { loadConfig } from '../../server/config';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
  const limits = loadConfig({ PARLEY_PREVIEWS_PER_MINUTE: '3' }).rateLimits;
  server = await startTestServer({ rateLimits: { ...limits, post: { perIdentity: null, perNetwork: null } } });
});

afterAll(async () => {
  await server.close();
});

describe('previewing a draft', () => {
  it('renders the Markdown exactly as posting it would, and stores nothing', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'preview-same-render');
    const body = '**Bold** and <script>alert(1)</script> http://a.example/x.';
    const preview = await reader.call('POST', '/api/preview', { body });
    expect(preview.status).toBe(200);
    expect(Object.keys(preview.json)).toEqual(['bodyHtml']);
    expect((await reader.call('GET', `/api/threads/${thread.id}`)).json.thread.commentCount).toBe(0);
    const posted = await reader.post(thread.id, { body });
    expect(preview.json.bodyHtml).toBe(posted.json.comment.bodyHtml);
    expect(preview.json.bodyHtml).toContain('&lt;script&gt;');
  });

  it('refuses what a post refuses, with the same codes', async () => {
    const reader = makeReader(server.url);
    expect((await reader.call('POST', '/api/preview', { body: '' })).json.error.code).toBe('VALIDATION_FAILED');
    expect((await reader.call('POST', '/api/preview', { body: 'x'.repeat(10_001) })).json.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await reader.call('POST', '/api/preview', { body: 'x', extra: 1 })).json.error.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('is limited per reader: past the allowance it answers 429 with when to retry', async () => {
    const reader = makeReader(server.url);
    for (let i = 0; i < 3; i++)
      expect((await reader.call('POST', '/api/preview', { body: `draft ${i}` })).status).toBe(200);
    const refused = await reader.call('POST', '/api/preview', { body: 'one more' });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('RATE_LIMITED');
  });
});

describe('the source of a comment', () => {
  it('goes to its author only, so an edit starts from the Markdown they typed', async () => {
    const author = makeReader(server.url);
    const other = makeReader(server.url);
    const { thread } = await openThread(server.url, 'preview-own-source');
    const id = (await author.post(thread.id, { body: '_typed_ like **this**' })).json.comment.id;
    const mine = (await author.call('GET', `/api/threads/${thread.id}`)).json;
    const theirs = (await other.call('GET', `/api/threads/${thread.id}`)).json;
    expect(mine.viewer.ownSources).toEqual({ [id]: '_typed_ like **this**' });
    expect(theirs.viewer.ownSources).toEqual({});
    expect(JSON.stringify(theirs)).not.toContain('_typed_');
  });
});
