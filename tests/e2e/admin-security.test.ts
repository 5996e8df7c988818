// The dashboard's own defences: it may not be framed, and writes need the session's CSRF token.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let account: { email: string; password: string };

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  account = await createModeratorAccount(server.dbPath, { email: 'desk@coastal-ledger.example' });
});

afterAll(async () => {
  await server?.close();
});

describe('dashboard security', () => {
  it('the dashboard page, script and styles are served with a CSP that forbids framing and inline code', async () => {
    for (const path of ['/admin', '/admin/dashboard.js', '/admin/dashboard.css']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    const html = await (await fetch(`${server.url}/admin`)).text();
    // Nothing in the shell would need the CSP relaxed.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<script src="/admin/dashboard.js" defer></script>');
  });

  it('a write without the CSRF header is refused and changes nothing', async () => {
    const view = await openThread(server.url, 'csrf-check');
    const posted = await postComment(server.url, view.thread.id, {
      authorName: 'Lena',
      body: 'Lovely photos of the quay.',
    });
    const session = await loginAsModerator(server.url, account.email, account.password);
    const removePath = `${server.url}/admin/api/comments/${posted.json.comment.id}/remove`;

    const withoutToken = await fetch(removePath, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');

    const wrongToken = await fetch(removePath, {
      method: 'POST',
      headers: {
        cookie: session.cookie,
        'content-type': 'application/json',
        'x-csrf-token': `${session.csrfToken.slice(1)}x`,
      },
      body: '{}',
    });
    expect(wrongToken.status).toBe(403);

    const still = await session.call('GET', `/comments/${posted.json.comment.id}`);
    expect(still.json.status).toBe('published');

    // The same request with the token goes through, so the refusals were about the token alone.
    const withToken = await session.call('POST', `/comments/${posted.json.comment.id}/remove`, {});
    expect(withToken.status).toBe(200);
    expect(withToken.json.status).toBe('removed');
  });
});
