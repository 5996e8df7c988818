// `parley copy`: a SQLite site moved into PostgreSQL answers as it did; an interrupted copy continues; wrong arguments and a non-empty target are refused with a message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCli, type CliIo } from '../../server/cli';
import { copySqliteToPostgres } from '../../server/db/copy';
import { backupDatabase } from '../../server/db/sqlite/backup';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { makeReader, type Reader } from '../helpers/api';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, newGuestToken, request, type TestSocket } from '../helpers/sockets';

let now = Date.UTC(2026, 10, 1);
const clock = { now: () => now };
const SORTS = ['newest', 'oldest', 'top'] as const;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env: {},
    readPassword: () => Promise.reject(new Error('no password is asked for')),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** A reader on a network of its own (X-Forwarded-For), as the abuse rules tell readers apart. */
function readerFrom(
  url: string,
  address: string,
  token = newGuestToken(),
): Reader & { report(id: number): Promise<number> } {
  const reader = makeReader(url, token);
  const call: Reader['call'] = async (method, route, body) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-parley-token': token, 'x-forwarded-for': address },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? null : JSON.parse(text) };
  };
  return {
    ...reader,
    call,
    vote: (id, value) => call('POST', `/api/comments/${id}/vote`, { value }),
    report: async (id) => (await call('POST', `/api/comments/${id}/report`, { reason: 'abuse' })).status,
  };
}

interface Site {
  threadIds: number[];
  pageIds: string[];
  /** A reader whose votes and reactions show in the pages it reads. */
  viewerToken: string;
  /** A change number from the middle of the site's history, to catch up from. */
  midSeq: number;
}

/** Fills the site through its own API: what readers and moderators do, with the clock moving on. */
async function fillSite(url: string, admin: ModeratorSession): Promise<Site> {
  const step = () => (now += 60_000);
  expect(
    (
      await admin.call('PUT', '/settings', {
        premoderation: 'off',
        bannedWords: ['casino'],
        watchedWords: ['refund'],
        maxLinks: 3,
        autoCloseDays: null,
        reportThreshold: 5,
        areReactionsEnabled: true,
      })
    ).status,
  ).toBe(200);
  const pageIds = ['copy-first', 'copy-second'];
  const threadIds: number[] = [];
  const authors = [0, 1, 2, 3].map((i) => readerFrom(url, `198.51.100.${10 + i}`));
  const voters = [0, 1, 2, 3, 4].map((i) => readerFrom(url, `203.0.113.${10 + i}`));
  const viewer = voters[0];
  const commentIds: number[] = [];
  let midSeq = 0;
  for (const [t, pageId] of pageIds.entries()) {
    const { thread } = await openThread(url, pageId, { title: `Copy ${t}` });
    threadIds.push(thread.id);
    for (let i = 0; i < 5; i += 1) {
      step();
      const author = authors[i % authors.length];
      const top = await author.post(thread.id, { authorName: `Author ${i}`, body: `Top ${t}.${i} **bold**` });
      expect(top.status).toBe(201);
      commentIds.push(top.json.comment.id);
      let parentId = top.json.comment.id as number;
      for (let depth = 1; depth <= i % 4; depth += 1) {
        step();
        const reply = await authors[(i + depth) % authors.length].post(thread.id, {
          authorName: `Replier ${depth}`,
          body: `Reply ${t}.${i}.${depth}`,
          parentId,
        });
        expect(reply.status).toBe(201);
        parentId = reply.json.comment.id;
        commentIds.push(parentId);
      }
    }
    if (t === 0) {
      const socket = await connectReader(url);
      midSeq = (await request(socket, 'thread:join', { pageId })).data.seq;
      socket.close();
      expect(midSeq).toBeGreaterThan(0);
    }
  }
  // An edit and an author's deletion, inside the edit window.
  const lastTop = commentIds.length - 1;
  expect((await authors[4 % authors.length].edit(commentIds[lastTop], 'Edited, **still bold**')).status).toBe(200);
  expect((await authors[2].remove(commentIds[lastTop - 1])).status).toBe(200);
  // Votes that make "top" an order of its own, and reactions.
  for (const [v, voter] of voters.entries()) {
    for (const [c, id] of commentIds.entries()) {
      if (c === lastTop - 1) continue;
      if ((c + v) % 3 === 0) expect((await voter.vote(id, (c + v) % 2 === 0 ? 'up' : 'down')).status).toBe(200);
      if ((c + v) % 4 === 0) {
        const reaction = ['like', 'love', 'laugh', 'wow', 'sad'][(c + v) % 5];
        expect((await voter.call('POST', `/api/comments/${id}/reactions`, { reaction, isOn: true })).status).toBe(200);
      }
    }
  }
  // A reader who asked to hear of replies: an address, its subscription and its confirmation mail in the outbox.
  step();
  const asking = await authors[1].post(threadIds[0], {
    authorName: 'Asker',
    authorEmail: 'asker@example.com',
    body: 'Tell me when someone answers.',
    notifyReplies: true,
  });
  expect(asking.status).toBe(201);
  step();
  now += 11 * 60_000;
  // Reports from readers first seen (by voting) long enough ago.
  expect(await voters[1].report(commentIds[2])).toBe(201);
  expect(await voters[2].report(commentIds[2])).toBe(201);
  // A pin, a removal undone from the audit log, a ban.
  expect((await admin.call('POST', `/comments/${commentIds[3]}/pin`, { isPinned: true })).status).toBe(200);
  expect((await admin.call('POST', `/comments/${commentIds[4]}/remove`, { reason: 'rude' })).status).toBe(200);
  const removal = (await admin.call('GET', '/audit')).json.items[0];
  expect((await admin.call('POST', `/audit/${removal.id}/restore`)).status).toBe(200);
  expect((await admin.call('POST', `/comments/${commentIds[5]}/spam`, { reason: 'ads' })).status).toBe(200);
  const ban = await admin.call('POST', '/authors/ban', {
    commentId: commentIds[6],
    by: ['identity'],
    days: 7,
    removeComments: false,
  });
  expect(ban.status).toBe(200);
  return { threadIds, pageIds, viewerToken: viewer.token, midSeq };
}

/** What a site answers that must not change with the engine: pages, counts, catch-up, the dashboard's lists. */
async function answersOf(url: string, site: Site, admin: ModeratorSession): Promise<unknown> {
  const viewer = makeReader(url, site.viewerToken);
  const socket: TestSocket = await connectReader(url, site.viewerToken);
  try {
    const pages: unknown[] = [];
    const catchUps: unknown[] = [];
    for (const [i, threadId] of site.threadIds.entries()) {
      for (const sort of SORTS) {
        const page = await viewer.page(threadId, { sort, limit: 3 });
        expect(page.status).toBe(200);
        pages.push(page.json);
      }
      expect((await request(socket, 'thread:join', { pageId: site.pageIds[i] })).ok).toBe(true);
      for (const sinceSeq of [0, site.midSeq]) {
        const caught = await request(socket, 'thread:catch-up', { threadId, sinceSeq });
        expect(caught.ok).toBe(true);
        catchUps.push(caught.data);
      }
    }
    const counts = (await viewer.call('GET', `/api/counts?${site.pageIds.map((p) => `pageId=${p}`).join('&')}`)).json;
    const dashboard = await Promise.all(
      ['/queues/counts', '/comments?queue=reported', '/comments?queue=spam', '/bans', '/audit', '/moderators'].map(
        async (route) => (await admin.call('GET', route)).json,
      ),
    );
    return { pages, catchUps, counts, dashboard };
  } finally {
    socket.close();
  }
}

describe('parley copy', () => {
  let sqlite: TestServer;
  let admin: ModeratorSession;
  let site: Site;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    sqlite = await startTestServer({ trustProxy: { hops: 1 } }, { passwordCostLog2: TEST_PASSWORD_COST, clock });
    const account = await createModeratorAccount(sqlite.dbPath, { email: 'owner@example.com', role: 'admin' });
    await createModeratorAccount(sqlite.dbPath, { email: 'helper@example.com' });
    admin = await loginAsModerator(sqlite.url, account.email, account.password);
    site = await fillSite(sqlite.url, admin);
  }, 120_000);

  afterAll(async () => {
    await sqlite?.close();
    for (const db of databases) await db.drop();
  });

  async function emptyDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  }

  it('an interrupted copy, run again, finishes; a server on the copy answers pages, counts, catch-up and the dashboard as the SQLite one, and continues its ids and changes', async () => {
    const target = await emptyDatabase();
    const stopped = await copySqliteToPostgres({
      sqlitePath: sqlite.dbPath,
      databaseUrl: target.url,
      batchRows: 2,
      stopAfterBatches: 9,
    });
    expect(stopped.isComplete).toBe(false);

    const resumed = await cli(['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', target.url]);
    expect(resumed.err).toContain('Resuming the unfinished copy');
    // The rows the first run wrote are skipped, not written twice.
    expect(resumed.err).toMatch(/parley copy: moderators: 2 row\(s\) read, 0 written \(2 were already there\)/);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/^comments\s+(\d+)\s+\1$/m);
    expect(resumed.out).toMatch(/^votes\s+(\d+)\s+\1$/m);
    expect(resumed.out).not.toContain('DIFFERS');

    const before = await answersOf(sqlite.url, site, admin);
    const copy = await startTestServer(
      { databaseUrl: target.url, trustProxy: { hops: 1 } },
      { passwordCostLog2: TEST_PASSWORD_COST, clock },
    );
    try {
      const copyAdmin = await loginAsModerator(copy.url, 'owner@example.com', 'correct horse battery staple');
      const after = await answersOf(copy.url, site, copyAdmin);
      expect(after).toEqual(before);

      // New rows take ids after the copied ones, and changes numbers after SQLite's.
      const highest = (await fetchHighest(target.url)) as { id: number; seq: number };
      const posted = await makeReader(copy.url).post(site.threadIds[0], { body: 'First on PostgreSQL' });
      expect(posted.status).toBe(201);
      expect(posted.json.comment.id).toBe(highest.id + 1);
      const socket = await connectReader(copy.url);
      try {
        await request(socket, 'thread:join', { pageId: site.pageIds[0] });
        const caught = await request(socket, 'thread:catch-up', { threadId: site.threadIds[0], sinceSeq: highest.seq });
        expect(caught.data.changes.map((c: { id: number }) => c.id)).toEqual([posted.json.comment.id]);
      } finally {
        socket.close();
      }
    } finally {
      await copy.close();
    }

    // A finished copy is not a copy under way: running it again is refused, nothing changes.
    const again = await cli(['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', target.url]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/is not empty \(rows in .*comments/);
  }, 120_000);

  it('a table whose rows differ after the copy is marked, the exit is 1, and the copy stays one that may be continued', async () => {
    const target = await emptyDatabase();
    const stopped = await copySqliteToPostgres({
      sqlitePath: sqlite.dbPath,
      databaseUrl: target.url,
      batchRows: 3,
      stopAfterBatches: 2,
    });
    expect(stopped.isComplete).toBe(false);
    // A row the source does not have, as when the target was written to between two runs.
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query("INSERT INTO settings (key, value) VALUES ('not-from-sqlite', 'x')");
    } finally {
      await client.end();
    }
    const run = await cli(['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', target.url]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^settings\s+(\d+)\s+\d+\s+DIFFERS$/m);
    expect(run.out).toMatch(/^comments\s+(\d+)\s+\1$/m);
    expect(run.err).toContain('marked DIFFERS');
    const again = await cli(['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', target.url]);
    expect(again.err).toContain('Resuming the unfinished copy');
    expect(again.code).toBe(1);
  }, 60_000);

  it('refuses wrong arguments, a source that is not a Parley database and an unreachable target, each with one clear line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-copy-'));
    try {
      const notSqlite = path.join(dir, 'notes.txt');
      fs.writeFileSync(notSqlite, 'not a database at all, just some text that is long enough to have a header');
      const target = await emptyDatabase();
      const cases: [string[], number, RegExp][] = [
        [['copy'], 2, /copy needs --from and --to/],
        [['copy', '--from', `sqlite:${sqlite.dbPath}`], 2, /copy needs --from and --to/],
        [['copy', '--from', sqlite.dbPath, '--to', target.url], 2, /--from names the SQLite file as sqlite:PATH/],
        [['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', 'mysql://x@y/z'], 2, /--to is a PostgreSQL URL/],
        [['copy', '--from', `sqlite:${path.join(dir, 'missing.db')}`, '--to', target.url], 1, /no SQLite database at/],
        [['copy', '--from', `sqlite:${notSqlite}`, '--to', target.url], 1, /could not be (opened|read) as a/],
        [
          ['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', 'postgres://parley@127.0.0.1:1/parley'],
          1,
          /Nothing accepts connections at postgres:\/\/parley@127\.0\.0\.1:1\/parley/,
        ],
      ];
      for (const [args, code, message] of cases) {
        const run = await cli(args);
        expect({ args, code: run.code }).toEqual({ args, code });
        expect(run.err).toMatch(message);
        expect(run.err).not.toMatch(/\n\s+at /);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a target holding other data, or an unfinished copy from another file, and leaves it as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-copy-'));
    try {
      const target = await emptyDatabase();
      const started = await copySqliteToPostgres({
        sqlitePath: sqlite.dbPath,
        databaseUrl: target.url,
        batchRows: 5,
        stopAfterBatches: 2,
      });
      expect(started.isComplete).toBe(false);
      const otherFile = path.join(dir, 'other.db');
      await backupDatabase(sqlite.dbPath, otherFile);
      const fromOther = await cli(['copy', '--from', `sqlite:${otherFile}`, '--to', target.url]);
      expect(fromOther.code).toBe(1);
      expect(fromOther.err).toContain(`holds an unfinished copy from ${path.resolve(sqlite.dbPath)}`);

      const used = await emptyDatabase();
      const client = new pg.Client({ connectionString: used.url });
      await client.connect();
      try {
        expect((await cli(['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', used.url])).code).toBe(0);
        await client.query('DROP TABLE IF EXISTS parley_copy_in_progress');
        await client.query('DELETE FROM reactions');
        const refused = await cli(['copy', '--from', `sqlite:${sqlite.dbPath}`, '--to', used.url]);
        expect(refused.code).toBe(1);
        expect(refused.err).toMatch(/is not empty \(rows in moderators, .*threads, comments/);
        expect((await client.query('SELECT COUNT(*)::int AS n FROM reactions')).rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The highest comment id and change number in a PostgreSQL database. */
async function fetchHighest(url: string): Promise<{ id: number; seq: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT (SELECT MAX(id) FROM comments)::int AS id, (SELECT seq FROM change_counter)::int AS seq',
    );
    return rows[0];
  } finally {
    await client.end();
  }
}
