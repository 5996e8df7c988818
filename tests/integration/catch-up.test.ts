import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeReader } from '../helpers/api';
import { startTestServer } from '../helpers/server';
import { connectReader, newGuestToken, request } from '../helpers/sockets';

describe('catching up after a dropped connection', () => {
  it('a reader who missed posts, edits, votes and deletions, even across a server restart, gets each change once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-catchup-'));
    const dbPath = path.join(dir, 'parley.db');
    try {
      const first = await startTestServer({ dbPath });
      const readerToken = newGuestToken();
      const reader = await connectReader(first.url, readerToken);
      const author = makeReader(first.url);
      const joined = (await request(reader, 'thread:join', { pageId: 'catch-up' })).data;
      const threadId = joined.thread.id;
      const early = (await author.post(threadId, { body: 'seen before the drop' })).json.comment;
      // The reader's own view of the thread so far.
      const seq = (await request(reader, 'thread:catch-up', { threadId, sinceSeq: joined.seq })).data.seq;
      reader.close();

      const missedPost = (await author.post(threadId, { body: 'missed' })).json.comment;
      await author.edit(early.id, 'seen, then edited');
      await makeReader(first.url).vote(missedPost.id, 'up');
      const doomed = (await author.post(threadId, { body: 'short-lived' })).json.comment;
      await first.close();

      const second = await startTestServer({ dbPath });
      try {
        const later = makeReader(second.url, author.token);
        await later.remove(doomed.id);
        const back = await connectReader(second.url, readerToken);
        await request(back, 'thread:join', { pageId: 'catch-up' });
        const caught = (await request(back, 'thread:catch-up', { threadId, sinceSeq: seq })).data;
        back.close();

        expect(caught.isComplete).toBe(true);
        const ids = caught.changes.map((c: { id: number }) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort()).toEqual([early.id, missedPost.id, doomed.id].sort());
        const byId = new Map(caught.changes.map((c: { id: number }) => [c.id, c]));
        expect(byId.get(early.id)).toMatchObject({ bodyHtml: '<p>seen, then edited</p>' });
        expect(byId.get(missedPost.id)).toMatchObject({ score: 1 });
        expect(byId.get(doomed.id)).toMatchObject({ status: 'deleted', replyCount: 0 });
        expect(caught.commentCount).toBe(2);

        const again = (await later.call('GET', `/api/threads/${threadId}/changes?since=${caught.seq}`)).json;
        expect(again.changes).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a catch-up for a thread the socket has not joined and a malformed sequence number', async () => {
    const server = await startTestServer();
    try {
      const socket = await connectReader(server.url);
      const { data } = await request(socket, 'thread:join', { pageId: 'catch-up-bad' });
      expect(await request(socket, 'thread:catch-up', { threadId: data.thread.id + 1, sinceSeq: 0 })).toMatchObject({
        ok: false,
        error: { code: 'THREAD_NOT_FOUND' },
      });
      expect(await request(socket, 'thread:catch-up', { threadId: data.thread.id, sinceSeq: -1 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
      const http = await fetch(`${server.url}/api/threads/${data.thread.id}/changes?since=abc`);
      expect(http.status).toBe(400);
      socket.close();
    } finally {
      await server.close();
    }
  });
});

describe('permalinks', () => {
  it('finds the conversation of a comment that is not on the first page', async () => {
    const server = await startTestServer({ pageSize: 2 });
    try {
      const reader = makeReader(server.url);
      const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'permalink' })).json;
      const roots = [];
      for (let i = 0; i < 6; i++) roots.push((await reader.post(thread.id, { body: `root ${i}` })).json.comment);
      const reply = (await reader.post(thread.id, { body: 'deep link', parentId: roots[5].id })).json.comment;
      const context = (await reader.call('GET', `/api/comments/${reply.id}/context`)).json;
      expect(context.root.id).toBe(roots[5].id);
      expect(context.root.replies.map((c: { id: number }) => c.id)).toEqual([reply.id]);
      expect(context.viewer.ownCommentIds.sort()).toEqual([roots[5].id, reply.id].sort());
      expect((await reader.call('GET', '/api/comments/77777/context')).json.error.code).toBe('COMMENT_NOT_FOUND');
    } finally {
      await server.close();
    }
  });
});
