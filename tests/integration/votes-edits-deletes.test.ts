import { makeReader, type Reader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, nextEvent, request, type TestSocket } from '../helpers/sockets';

let server: TestServer;
let now = Date.UTC(2026, 10, 1, 12);
const clock = { now: () => now };
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ editWindowMs: 15 * 60_000, maxDepth: 2 }, { clock });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

async function threadWithComment(pageId: string, author: Reader): Promise<{ threadId: number; commentId: number }> {
  const { thread } = await openThread(server.url, pageId);
  const posted = await author.post(thread.id, { authorName: 'Author', body: 'A comment' });
  return { threadId: thread.id, commentId: posted.json.comment.id };
}

describe('voting', () => {
  it('a vote twice from the same reader counts once, the same way again takes it back, the other way switches it', async () => {
    const author = makeReader(server.url);
    const voter = makeReader(server.url);
    const { commentId } = await threadWithComment('votes-toggle', author);

    expect((await voter.vote(commentId, 'up')).json).toMatchObject({
      score: 1,
      upvotes: 1,
      downvotes: 0,
      myVote: 'up',
    });
    expect((await voter.vote(commentId, 'up')).json).toMatchObject({ score: 1, upvotes: 1, myVote: 'up' });
    expect((await voter.vote(commentId, 'down')).json).toMatchObject({
      score: -1,
      upvotes: 0,
      downvotes: 1,
      myVote: 'down',
    });
    expect((await voter.vote(commentId, 'none')).json).toMatchObject({
      score: 0,
      upvotes: 0,
      downvotes: 0,
      myVote: 'none',
    });
    await voter.vote(commentId, 'up');
    await makeReader(server.url).vote(commentId, 'up');
    expect((await makeReader(server.url).vote(commentId, 'down')).json).toMatchObject({
      score: 1,
      upvotes: 2,
      downvotes: 1,
    });
  });

  it('shows each reader their own votes when the thread loads', async () => {
    const author = makeReader(server.url);
    const voter = makeReader(server.url);
    const { threadId, commentId } = await threadWithComment('votes-viewer', author);
    await voter.vote(commentId, 'down');
    const asVoter = await voter.call('GET', `/api/threads/${threadId}`);
    expect(asVoter.json.viewer).toEqual({
      votes: { [commentId]: 'down' },
      reactions: {},
      ownCommentIds: [],
      ownSources: {},
    });
    const asAuthor = await author.call('GET', `/api/threads/${threadId}`);
    expect(asAuthor.json.viewer).toEqual({
      votes: {},
      reactions: {},
      ownCommentIds: [commentId],
      ownSources: { [commentId]: expect.any(String) },
    });
  });

  it('refuses a vote on your own comment, on a missing or deleted comment, without identity, or with a bad value', async () => {
    const author = makeReader(server.url);
    const voter = makeReader(server.url);
    const { commentId } = await threadWithComment('votes-bad', author);
    expect((await author.vote(commentId, 'up')).json.error.code).toBe('SELF_VOTE');
    expect((await voter.vote(99_999, 'up')).json.error.code).toBe('COMMENT_NOT_FOUND');
    expect((await voter.vote(commentId, 'sideways')).json.error.details.fields).toEqual([
      { field: 'value', issue: 'invalid' },
    ]);
    expect((await voter.call('POST', `/api/comments/${commentId}/vote`, { value: 1 })).json.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const anonymous = await fetch(`${server.url}/api/comments/${commentId}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'up' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('IDENTITY_REQUIRED');
    const forged = await fetch(`${server.url}/api/comments/${commentId}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': 'x'.repeat(20) + '!' },
      body: JSON.stringify({ value: 'up' }),
    });
    expect(forged.status).toBe(400);
    await author.remove(commentId);
    expect((await voter.vote(commentId, 'up')).json.error.code).toBe('COMMENT_DELETED');
    const view = await voter.call('GET', `/api/comments/${commentId}/context`);
    expect(view.json.error.code).toBe('COMMENT_NOT_FOUND');
  });

  it('every open page sees the new score live', async () => {
    const author = makeReader(server.url);
    const { commentId } = await threadWithComment('votes-live', author);
    const watcher = await connectReader(server.url);
    sockets.push(watcher);
    await request(watcher, 'thread:join', { pageId: 'votes-live' });
    const voter = await connectReader(server.url);
    sockets.push(voter);
    await request(voter, 'thread:join', { pageId: 'votes-live' });
    const seen = nextEvent(watcher, 'comment:voted', (t) => t.id === commentId);
    const ack = await request(voter, 'comment:vote', { commentId, value: 'up' });
    expect(ack).toMatchObject({ ok: true, data: { score: 1, myVote: 'up' } });
    expect(await seen).toMatchObject({ id: commentId, score: 1, upvotes: 1, downvotes: 0 });
  });
});

describe('editing', () => {
  it('the author edits within the window, the comment is marked edited and every page sees it', async () => {
    const author = makeReader(server.url);
    const { commentId } = await threadWithComment('edit-ok', author);
    const watcher = await connectReader(server.url);
    sockets.push(watcher);
    await request(watcher, 'thread:join', { pageId: 'edit-ok' });
    const seen = nextEvent(watcher, 'comment:updated', (c) => c.id === commentId && c.editedAt !== null);
    now += 14 * 60_000;
    const edited = await author.edit(commentId, 'Better **words**');
    expect(edited.status).toBe(200);
    expect(edited.json.comment).toMatchObject({
      bodyHtml: '<p>Better <strong>words</strong></p>',
      editedAt: new Date(now).toISOString(),
    });
    expect((await seen).bodyHtml).toBe('<p>Better <strong>words</strong></p>');
  });

  it('refuses an edit after the window, by someone else, or to an empty body', async () => {
    const author = makeReader(server.url);
    const { commentId } = await threadWithComment('edit-bad', author);
    expect((await makeReader(server.url).edit(commentId, 'mine now')).json.error.code).toBe('NOT_COMMENT_AUTHOR');
    expect((await author.edit(commentId, '[](https://a.example/)')).json.error.code).toBe('VALIDATION_FAILED');
    expect((await author.edit(commentId, '   ')).json.error.code).toBe('VALIDATION_FAILED');
    now += 15 * 60_000 + 1;
    const late = await author.edit(commentId, 'too late');
    expect(late.status).toBe(403);
    expect(late.json.error.code).toBe('EDIT_WINDOW_CLOSED');
    expect((await author.edit(424_242, 'x')).json.error.code).toBe('COMMENT_NOT_FOUND');
  });
});

describe('deleting', () => {
  it('a comment without replies disappears and stops counting; one with replies leaves a placeholder and keeps them', async () => {
    const author = makeReader(server.url);
    const other = makeReader(server.url);
    const { thread } = await openThread(server.url, 'delete-shapes');
    const lonely = (await author.post(thread.id, { body: 'alone' })).json.comment.id;
    const parent = (await author.post(thread.id, { body: 'parent' })).json.comment.id;
    const reply = (await other.post(thread.id, { body: 'reply', parentId: parent })).json.comment.id;

    const watcher = await connectReader(server.url);
    sockets.push(watcher);
    await request(watcher, 'thread:join', { pageId: 'delete-shapes' });
    const gone = nextEvent(watcher, 'comment:updated', (c) => c.id === lonely && c.status === 'deleted');
    const counted = nextEvent(watcher, 'thread:counted', (c) => c.commentCount === 2);
    expect((await other.remove(lonely)).json.error.code).toBe('NOT_COMMENT_AUTHOR');
    expect((await author.remove(lonely)).json.comment).toMatchObject({
      status: 'deleted',
      replyCount: 0,
      bodyHtml: '',
      authorName: '',
    });
    expect(await gone).toMatchObject({ status: 'deleted', replyCount: 0 });
    await counted;
    await author.remove(parent);

    const view = (await other.call('GET', `/api/threads/${thread.id}`)).json;
    expect(view.thread.commentCount).toBe(1);
    expect(view.comments.map((c: { id: number }) => c.id)).toEqual([parent]);
    expect(view.comments[0]).toMatchObject({ status: 'deleted', authorName: '', bodyHtml: '' });
    expect(view.comments[0].replies.map((c: { id: number }) => c.id)).toEqual([reply]);
    expect((await author.remove(parent)).json.error.code).toBe('COMMENT_DELETED');

    // The last reply going takes the placeholder with it.
    const placeholderGone = nextEvent(watcher, 'comment:updated', (c) => c.id === parent && c.replyCount === 0);
    await other.remove(reply);
    await placeholderGone;
    const after = (await other.call('GET', `/api/threads/${thread.id}`)).json;
    expect(after.comments).toEqual([]);
    expect(after.thread.commentCount).toBe(0);
  });
});

describe('depth', () => {
  it('a reply past the deepest level attaches at that level and says whom it answers', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'depth-limit');
    const top = (await reader.post(thread.id, { authorName: 'Top', body: '0' })).json.comment;
    const one = (await reader.post(thread.id, { authorName: 'One', body: '1', parentId: top.id })).json.comment;
    const two = (await reader.post(thread.id, { authorName: 'Two', body: '2', parentId: one.id })).json.comment;
    const three = (await reader.post(thread.id, { authorName: 'Three', body: '3', parentId: two.id })).json.comment;
    expect(two).toMatchObject({ depth: 2, parentId: one.id, replyToId: null });
    expect(three).toMatchObject({ depth: 2, parentId: one.id, replyToId: two.id, replyToName: 'Two' });
    const view = (await reader.call('GET', `/api/threads/${thread.id}`)).json;
    expect(view.comments[0].replies[0].replies.map((c: { id: number }) => c.id)).toEqual([two.id, three.id]);
  });
});

describe('vote stuffing', () => {
  it('a burst of brand-new identities voting from one network is recorded but held out of the score', async () => {
    const author = makeReader(server.url);
    const { commentId } = await threadWithComment('votes-stuffing', author);
    const tallies = [];
    for (let i = 0; i < 7; i++) tallies.push((await makeReader(server.url).vote(commentId, 'up')).json);
    expect(tallies.map((t) => t.score)).toEqual([1, 2, 3, 4, 5, 5, 5]);
    expect(tallies.every((t) => t.myVote === 'up')).toBe(true);
    // Once those identities are no longer new, a newcomer's vote on another comment counts again.
    now += 11 * 60_000;
    const older = makeReader(server.url);
    const other = await threadWithComment('votes-stuffing-2', older);
    now += 11 * 60_000;
    expect((await makeReader(server.url).vote(other.commentId, 'up')).json.score).toBe(1);
    // On the stuffed comment this network has cast its share for the day, whoever votes.
    expect((await older.vote(commentId, 'up')).json.score).toBe(5);
  });

  it('identities that voted elsewhere long enough ago to look established still count five at most on one comment from one network', async () => {
    now += 11 * 60_000;
    const { commentId: elsewhere } = await threadWithComment('votes-aged-elsewhere', makeReader(server.url));
    const voters = Array.from({ length: 20 }, () => makeReader(server.url));
    for (const voter of voters) await voter.vote(elsewhere, 'up');
    // Eleven minutes on none of them is new any more; a new comment appears.
    now += 11 * 60_000;
    const { commentId } = await threadWithComment('votes-aged-target', makeReader(server.url));
    const scores = [];
    for (const voter of voters) scores.push((await voter.vote(commentId, 'up')).json.score);
    expect(scores).toEqual([1, 2, 3, 4, 5, ...Array(15).fill(5)]);
    // A day after this network's first vote on it, its next votes count again.
    now += 24 * 60 * 60_000;
    expect((await makeReader(server.url).vote(commentId, 'up')).json.score).toBe(6);
  });

  it("a held vote stays held through withdrawing it and voting again, and a withdrawn vote is no longer the reader's", async () => {
    now += 11 * 60_000;
    const { threadId, commentId } = await threadWithComment('votes-withdraw-held', makeReader(server.url));
    const voters = Array.from({ length: 6 }, () => makeReader(server.url));
    const scores = [];
    for (const voter of voters) scores.push((await voter.vote(commentId, 'up')).json.score);
    expect(scores).toEqual([1, 2, 3, 4, 5, 5]);
    const held = voters[5];
    // Once the identity no longer looks new, withdrawing and voting again must not launder the vote.
    now += 11 * 60_000;
    expect((await held.vote(commentId, 'none')).json).toMatchObject({ score: 5, myVote: 'none' });
    expect((await held.call('GET', `/api/threads/${threadId}`)).json.viewer.votes).toEqual({});
    expect((await held.vote(commentId, 'up')).json).toMatchObject({ score: 5, myVote: 'up' });
    expect((await held.vote(commentId, 'down')).json).toMatchObject({ score: 5, myVote: 'down' });
    expect((await held.call('GET', `/api/threads/${threadId}`)).json.viewer.votes).toEqual({ [commentId]: 'down' });
    // A counted vote withdrawn and cast again still counts.
    expect((await voters[0].vote(commentId, 'none')).json.score).toBe(4);
    expect((await voters[0].vote(commentId, 'up')).json.score).toBe(5);
  });
});
