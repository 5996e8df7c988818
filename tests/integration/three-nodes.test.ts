// Three Parley nodes on one PostgreSQL, as behind a balancer: a change made on any node reaches
// readers on every node live; a reader whose node dies (kill -9) reconnects to another and
// catches up with no gap and no duplicate; limits are one allowance for the whole site.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PATHS } from '../../server/paths';
import { loginAsModerator } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { connectReader, nextEvent, request, type TestSocket } from '../helpers/sockets';

jest.setTimeout(120_000);

const bin = path.join(PATHS.root, 'bin', 'parley.js');

interface NodeProcess {
  child: ChildProcess;
  url: string;
}

let database: TestDatabase;
const children: ChildProcess[] = [];
const sockets: TestSocket[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(children.splice(0).map(stop));
  await database.drop();
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function startNode(env: Record<string, string> = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      PARLEY_HOST: '127.0.0.1',
      PARLEY_DATABASE_URL: database.url,
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_DEMO: 'false',
      PARLEY_POSTS_PER_MINUTE: '0',
      PARLEY_VOTES_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) {
        child.stdout!.off('data', onData);
        resolve({ child, url: `http://127.0.0.1:${JSON.parse(line).port}` });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`node exited with ${code}:\n${out}`)));
  });
}

async function startNodes(count: number, env: Record<string, string> = {}): Promise<NodeProcess[]> {
  // Started one after another: the first applies the migrations, the others find them applied.
  const nodes: NodeProcess[] = [];
  for (let i = 0; i < count; i++) nodes.push(await startNode(env));
  // Every node answers and reports the same cluster.
  await until(async () => {
    const health = await Promise.all(nodes.map(async (n) => (await fetch(`${n.url}/healthz`)).json()));
    return health.every((h: { nodes?: number }) => h.nodes === count);
  }, `${count} nodes to see each other`);
  return nodes;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function joinedReader(
  url: string,
  pageId: string,
): Promise<{ socket: TestSocket; threadId: number; seq: number }> {
  const socket = await connectReader(url);
  sockets.push(socket);
  const joined = (await request(socket, 'thread:join', { pageId })).data;
  return { socket, threadId: joined.thread.id, seq: joined.seq };
}

test('a comment posted on one node reaches readers joined on the other two, once each', async () => {
  const [a, b, c] = await startNodes(3);
  const onB = await joinedReader(b.url, 'cross-node');
  const onC = await joinedReader(c.url, 'cross-node');
  const seenOnB: number[] = [];
  const seenOnC: number[] = [];
  onB.socket.on('comment:created', (comment) => seenOnB.push(comment.id));
  onC.socket.on('comment:created', (comment) => seenOnC.push(comment.id));

  const author = makeReader(a.url);
  const posted: number[] = [];
  for (let i = 0; i < 5; i++)
    posted.push((await author.post(onB.threadId, { body: `from node A, ${i}` })).json.comment.id);

  await until(() => seenOnB.length >= 5 && seenOnC.length >= 5, 'the posts on nodes B and C');
  expect(seenOnB).toEqual(posted);
  expect(seenOnC).toEqual(posted);

  // A vote on node C changes the score seen on node B.
  const voted = nextEvent(onB.socket, 'comment:voted', (tally) => tally.id === posted[0] && tally.score === 1, 10_000);
  await makeReader(c.url).vote(posted[0], 'up');
  await voted;

  // A comment too large for one NOTIFY (8,000 bytes) crosses through the adapter's table.
  const long = `${'A long comment, every word of it kept. '.repeat(240)}The end.`;
  const arrived = nextEvent(onC.socket, 'comment:created', (comment) => comment.bodyHtml.includes('The end.'), 10_000);
  expect((await author.post(onB.threadId, { body: long })).status).toBe(201);
  expect((await arrived).bodyHtml.length).toBeGreaterThan(8_000);
});

test('a reader whose node is killed reconnects to another node and catches up with no gap and no duplicate', async () => {
  const [a, b, c] = await startNodes(3);
  const reader = await joinedReader(b.url, 'node-dies');
  const author = makeReader(a.url);
  const before = (await author.post(reader.threadId, { body: 'seen live on B' })).json.comment.id;
  await nextEvent(reader.socket, 'comment:created', (comment) => comment.id === before, 10_000);
  const caught = (await request(reader.socket, 'thread:catch-up', { threadId: reader.threadId, sinceSeq: reader.seq }))
    .data;
  const lastSeq: number = caught.seq;

  await stop(b.child);
  const missed: number[] = [];
  for (let i = 0; i < 4; i++)
    missed.push((await author.post(reader.threadId, { body: `missed ${i}` })).json.comment.id);

  const back = await joinedReader(c.url, 'node-dies');
  const catchUp = (await request(back.socket, 'thread:catch-up', { threadId: reader.threadId, sinceSeq: lastSeq }))
    .data;
  const ids = catchUp.changes.map((change: { id: number }) => change.id);
  expect(catchUp.isComplete).toBe(true);
  expect(ids).toEqual(missed);
});

test('a reader has one allowance on the site, whichever node each request reaches', async () => {
  const nodes = await startNodes(3, { PARLEY_POSTS_PER_MINUTE: '3' });
  const { thread } = (await makeReader(nodes[0].url).call('PUT', '/api/threads', { pageId: 'limits' })).json;
  const statuses: number[] = [];
  const token = makeReader(nodes[0].url).token;
  for (let i = 0; i < 6; i++) {
    const reader = makeReader(nodes[i % 3].url, token);
    statuses.push((await reader.post(thread.id, { body: `post ${i}` })).status);
  }
  expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
});

/** Makes an account with the command line on the nodes' database, as an operator would. */
function createAdmin(email: string, password: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [bin, 'admin', 'create', '--email', email, '--name', 'Boss', '--role', 'admin'],
    {
      env: { ...process.env, PARLEY_DATABASE_URL: database.url },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin!.end(`${password}\n`);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`admin create exited ${code}: ${err}`)))),
  );
}

test("a moderator's new settings, saved on one node, apply on every node at once", async () => {
  const [a, b] = await startNodes(2);
  const { thread } = (await makeReader(b.url).call('PUT', '/api/threads', { pageId: 'settings' })).json;
  // Node B has read (and kept) the settings before they change.
  expect((await makeReader(b.url).post(thread.id, { body: 'A casino opened by the harbour.' })).status).toBe(201);

  await createAdmin('boss@example.com', 'boss password 123');
  const admin = await loginAsModerator(a.url, 'boss@example.com', 'boss password 123');
  const current = (await admin.call('GET', '/settings')).json;
  expect((await admin.call('PUT', '/settings', { ...current, bannedWords: ['casino'] })).status).toBe(200);

  await until(async () => {
    const res = await makeReader(b.url).post(thread.id, { body: `Another casino ${Date.now()}.` });
    return res.status === 400 && res.json.error.code === 'BANNED_WORD';
  }, 'node B to refuse the newly banned word');
});
