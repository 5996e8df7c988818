import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

async function getJson(path: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, json: await res.json() };
}

describe('the HTTP API', () => {
  it('creates a thread on first use and returns the same one after', async () => {
    const first = await openThread(server.url, 'http-first-use', { title: 'First use' });
    const again = await openThread(server.url, 'http-first-use');
    expect(first.thread).toMatchObject({ pageId: 'http-first-use', title: 'First use', commentCount: 0 });
    expect(again.thread.id).toBe(first.thread.id);
  });

  it('looks a thread up by page id without creating one', async () => {
    const missing = await getJson('/api/threads?pageId=never-opened');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('THREAD_NOT_FOUND');
    const { thread } = await openThread(server.url, 'http-lookup');
    const found = await getJson('/api/threads?pageId=http-lookup');
    expect(found.json.thread.id).toBe(thread.id);
  });

  it('posts a comment and a reply that nests under it', async () => {
    const { thread } = await openThread(server.url, 'http-nesting');
    const top = await postComment(server.url, thread.id, { authorName: 'Ada', body: 'First!' });
    expect(top.status).toBe(201);
    expect(top.json.comment).toMatchObject({
      threadId: thread.id,
      parentId: null,
      depth: 0,
      authorName: 'Ada',
      bodyHtml: '<p>First!</p>',
    });
    const reply = await postComment(server.url, thread.id, {
      authorName: 'Bo',
      body: 'Second',
      parentId: top.json.comment.id,
    });
    const deeper = await postComment(server.url, thread.id, {
      authorName: 'Cy',
      body: 'Third',
      parentId: reply.json.comment.id,
    });
    expect(deeper.json.comment.depth).toBe(2);

    const view = await getJson(`/api/threads/${thread.id}`);
    expect(view.json.thread.commentCount).toBe(3);
    expect(view.json.comments).toHaveLength(1);
    expect(view.json.comments[0].replies[0].id).toBe(reply.json.comment.id);
    expect(view.json.comments[0].replies[0].replies[0].id).toBe(deeper.json.comment.id);
  });

  it('never shows an email, and keeps names as plain text', async () => {
    const { thread } = await openThread(server.url, 'http-privacy');
    const posted = await postComment(server.url, thread.id, {
      authorName: '<b>Eve</b>',
      authorEmail: 'eve@example.com',
      body: 'hello',
    });
    expect(posted.json.comment.authorName).toBe('<b>Eve</b>');
    const view = await fetch(`${server.url}/api/threads/${thread.id}`).then((r) => r.text());
    expect(view).not.toContain('eve@example.com');
    expect(JSON.stringify(posted.json)).not.toContain('eve@example.com');
  });

  it('renders the body as Markdown through the one policy: markup typed as text shows as typed', async () => {
    const { thread } = await openThread(server.url, 'http-sanitize');
    const posted = await postComment(server.url, thread.id, {
      authorName: 'Mallory',
      body: 'hi <script>alert(1)</script> [x](javascript:alert(1)) **[ok](https://ok.example)**',
    });
    expect(posted.json.comment.bodyHtml).toBe(
      '<p>hi &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) ' +
        '<strong><a href="https://ok.example" rel="nofollow ugc noopener noreferrer">ok</a></strong></p>',
    );
  });

  it('keeps every word of a question about tags, and an address in angle brackets', async () => {
    const { thread } = await openThread(server.url, 'http-text-is-text');
    const question = await postComment(server.url, thread.id, {
      authorName: 'Nadia',
      body: 'How do I stop <script> tags in my blog?',
    });
    expect(question.status).toBe(201);
    expect(question.json.comment.bodyHtml).toBe('<p>How do I stop &lt;script&gt; tags in my blog?</p>');
    const address = await postComment(server.url, thread.id, {
      authorName: 'Nadia',
      body: 'my email is <nadia@example.com> ok',
    });
    expect(address.json.comment.bodyHtml).toContain('nadia@example.com</a> ok');
  });

  it('answers unknown addresses with a JSON 404', async () => {
    const res = await getJson('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
  });
});

describe('bad input over HTTP', () => {
  let threadId: number;
  let otherThreadsComment: number;

  beforeAll(async () => {
    threadId = (await openThread(server.url, 'http-bad-input')).thread.id;
    const other = (await openThread(server.url, 'http-bad-input-other')).thread.id;
    otherThreadsComment = (await postComment(server.url, other, { authorName: 'Z', body: 'elsewhere' })).json.comment
      .id;
  });

  async function commentCount(): Promise<number> {
    return (await getJson(`/api/threads/${threadId}`)).json.thread.commentCount;
  }

  it.each([
    ['a missing name', { body: 'x' }, 400, 'VALIDATION_FAILED'],
    ['an empty name', { authorName: '   ', body: 'x' }, 400, 'VALIDATION_FAILED'],
    ['a missing body', { authorName: 'A' }, 400, 'VALIDATION_FAILED'],
    ['an empty body', { authorName: 'A', body: '' }, 400, 'VALIDATION_FAILED'],
    ['a body that shows no text', { authorName: 'A', body: '[](https://a.example/)' }, 400, 'VALIDATION_FAILED'],
    ['a 65-character name', { authorName: 'n'.repeat(65), body: 'x' }, 400, 'VALIDATION_FAILED'],
    ['a 10,001-character body', { authorName: 'A', body: 'b'.repeat(10_001) }, 400, 'VALIDATION_FAILED'],
    ['wrong types', { authorName: ['A'], body: { text: 'x' } }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', { authorName: 'A', body: 'x', isAdmin: true }, 400, 'VALIDATION_FAILED'],
    ['an unknown parent', { authorName: 'A', body: 'x', parentId: 987654 }, 404, 'PARENT_NOT_FOUND'],
  ])('refuses %s with a stable code and stores nothing', async (_label, body, status, code) => {
    const before = await commentCount();
    const res = await postComment(server.url, threadId, body);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(typeof res.json.error.message).toBe('string');
    expect(await commentCount()).toBe(before);
  });

  it('refuses a parent from another thread', async () => {
    const res = await postComment(server.url, threadId, { authorName: 'A', body: 'x', parentId: otherThreadsComment });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('PARENT_IN_OTHER_THREAD');
  });

  it('refuses an unknown thread', async () => {
    const res = await postComment(server.url, 999_999, { authorName: 'A', body: 'x' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('THREAD_NOT_FOUND');
    const garbage = await postComment(server.url, 'abc' as unknown as number, { authorName: 'A', body: 'x' });
    expect(garbage.json.error.code).toBe('THREAD_NOT_FOUND');
  });

  it('says which fields are wrong so a reader can fix them', async () => {
    const res = await postComment(server.url, threadId, { authorName: 'n'.repeat(65), body: '' });
    expect(res.json.error.details.fields).toEqual([
      { field: 'authorName', issue: 'too_long', limit: 64 },
      { field: 'body', issue: 'required' },
    ]);
  });

  it('refuses malformed JSON, a non-JSON body and an oversized body with 4xx codes', async () => {
    const post = (body: string, type: string) =>
      fetch(`${server.url}/api/threads/${threadId}/comments`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
    const malformed = await post('{"authorName": "A", body', 'application/json');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('INVALID_JSON');
    const form = await post('authorName=A&body=x', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await post(JSON.stringify({ authorName: 'A', body: 'x'.repeat(200_000) }), 'application/json');
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a malformed reader token', async () => {
    const res = await postComment(server.url, threadId, { authorName: 'A', body: 'x' }, { 'x-parley-token': 'short!' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
  });

  it('keeps serving after all of that', async () => {
    const res = await postComment(server.url, threadId, { authorName: 'Still', body: 'here' });
    expect(res.status).toBe(201);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
