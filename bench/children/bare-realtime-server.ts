// Does the least work a post, a vote or a live broadcast takes, with bare node:http and socket.io: the baseline Parley's writes and fan-out are held to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { startCheckpointer } from '../../server/db/sqlite/checkpointer';
import { openDatabase } from '../../server/db/sqlite/connection';
import { GroupCommit } from '../../server/db/sqlite/group-commit';
import { DEFAULT_WRITE_TIMEOUT_MS, LOCK_ATTEMPT_MS } from '../../server/db/sqlite/sqlite-storage';
import { createLogger } from '../../server/log/logger';
import { Outbox } from '../../server/realtime/outbox';

/** Every reader of this server reads one thread: one room. */
const ROOM = 'thread';
const THREAD_ID = 1;
const VOTE_PATH = /^\/votes\/(\d{1,15})$/;

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

const dbPath = process.env.BENCH_DB_PATH;
if (!dbPath) throw new Error('BENCH_DB_PATH is not set');

// The same file settings, commit scheme and background checkpoints as Parley's SQLite engine.
const db = openDatabase(dbPath);
db.exec(`
  CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL,
    parent_id INTEGER,
    author_name TEXT NOT NULL,
    author_key TEXT,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS posts_by_thread_time ON posts (thread_id, parent_id, created_at, id);
  CREATE TABLE IF NOT EXISTS votes (
    comment_id INTEGER NOT NULL,
    voter TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (comment_id, voter)
  ) STRICT, WITHOUT ROWID;
`);
db.pragma(`busy_timeout = ${LOCK_ATTEMPT_MS}`);
const writes = new GroupCommit(db, { timeoutMs: DEFAULT_WRITE_TIMEOUT_MS });
const checkpointer = startCheckpointer(db, createLogger('warn'), { pauseWrites: () => writes.pause() });
const insertPost = db.prepare<[number, number | null, string, string | null, string, number]>(
  'INSERT INTO posts (thread_id, parent_id, author_name, author_key, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
);
const insertVote = db.prepare<[number, string, number]>(
  'INSERT INTO votes (comment_id, voter, value) VALUES (?, ?, ?) ON CONFLICT (comment_id, voter) DO UPDATE SET value = excluded.value',
);

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: http.ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

const server = http.createServer();
const io = new Server(server, {
  maxHttpBufferSize: 64 * 1024,
  cors: { origin: true, credentials: false },
  serveClient: false,
});
// Broadcasts paced and batched as Parley's are: a broadcast per post would cost every reader a
// write per post, which Parley does not pay either.
const outbox = new Outbox((audience, events) => [
  () => {
    const to = io.to(audience.room);
    if (events.length === 1) to.emit(events[0][0], events[0][1]);
    else to.emit('batch', events);
  },
]);

io.on('connection', (socket) => {
  socket.on('thread:join', (_request: unknown, ack: unknown) => {
    void socket.join(ROOM);
    if (typeof ack === 'function') ack({ ok: true, data: { thread: { id: THREAD_ID } } });
  });
});

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = req.url ?? '';
  if (req.method !== 'POST') return answer(res, 404, { error: 'not found' });
  let body: any;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return answer(res, 400, { error: 'not JSON' });
  }
  if (url === '/comments') {
    const authorName = String(body?.authorName ?? '');
    const text = String(body?.body ?? '');
    const parentId = typeof body?.parentId === 'number' ? body.parentId : null;
    const authorKey = typeof req.headers['x-parley-token'] === 'string' ? req.headers['x-parley-token'] : null;
    const createdAtMs = Date.now();
    const id = await writes.run(() =>
      Number(insertPost.run(THREAD_ID, parentId, authorName, authorKey, text, createdAtMs).lastInsertRowid),
    );
    const comment = {
      id,
      threadId: THREAD_ID,
      parentId,
      authorName,
      body: text,
      createdAt: new Date(createdAtMs).toISOString(),
    };
    answer(res, 201, { comment });
    outbox.push({ room: ROOM }, 'comment:created', comment);
    return;
  }
  const vote = VOTE_PATH.exec(url);
  if (vote) {
    const commentId = Number(vote[1]);
    const voter = String(req.headers['x-parley-token'] ?? '');
    const value = body?.value === 'down' ? -1 : 1;
    await writes.run(() => insertVote.run(commentId, voter, value));
    answer(res, 200, { id: commentId, value });
    outbox.push({ room: ROOM }, 'comment:voted', { id: commentId, value }, `voted:${commentId}`);
    return;
  }
  if (url === '/broadcast') {
    // The fan-out baseline: the very message Parley sent, to this server's readers, on the
    // next turn as Parley's outbox sends a quiet thread's, in one write to each socket.
    const event = String(body?.event ?? '');
    const args: unknown[] = Array.isArray(body?.args) ? body.args : [];
    answer(res, 201, { isQueued: true });
    setImmediate(() => io.to(ROOM).emit(event, ...args));
    return;
  }
  answer(res, 404, { error: 'not found' });
}

server.on('request', (req, res) => {
  handle(req, res).catch((err: unknown) => answer(res, 500, { error: String(err) }));
});

let isStopping = false;
const stop = () => {
  if (isStopping) return;
  isStopping = true;
  outbox.stop();
  io.close();
  writes.flush();
  void writes
    .drain()
    .then(() => checkpointer.stop())
    .finally(() => {
      db.close();
      process.exit(0);
    });
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);

server.listen(0, '127.0.0.1', () => {
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
