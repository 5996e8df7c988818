// Long-lived connections per network: live count streams and sockets are capped, and answered with a stable code over the cap.
import http from 'node:http';
import { Manager, io as ioClient, type Socket } from 'socket.io-client';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface OpenStream {
  status: number;
  /** Parsed `data:` lines of the events so far (for a 200), or the JSON error body. */
  events: Record<string, number>[];
  body: string;
  close(): void;
}

/** Opens GET /api/counts/live as a reader on `address` (behind the trusted proxy). */
function openStream(url: string, pageIds: string[], address: string): Promise<OpenStream> {
  const query = pageIds.map((id) => `pageId=${encodeURIComponent(id)}`).join('&');
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/counts/live?${query}`, { headers: { 'x-forwarded-for': address } });
    req.once('error', reject);
    req.once('response', (res) => {
      const stream: OpenStream = { status: res.statusCode ?? 0, events: [], body: '', close: () => req.destroy() };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.body += chunk;
        if (stream.status !== 200) return;
        for (const line of chunk.split('\n'))
          if (line.startsWith('data: ')) stream.events.push(JSON.parse(line.slice(6)));
      });
      res.on('error', () => undefined);
      if (stream.status !== 200) res.once('end', () => resolve(stream));
      else resolve(stream);
    });
  });
}

function connectFrom(
  url: string,
  address: string,
): Promise<{ socket: Socket; error: null } | { socket: Socket; error: Error & { data?: any } }> {
  const socket = ioClient(url, {
    auth: { token: newGuestToken() },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': address },
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, error: null }));
    socket.once('connect_error', (error) => resolve({ socket, error }));
  });
}

describe('live count streams', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      trustProxy: { hops: 1 },
      connectionLimits: { socketsPerNetwork: null, countStreamsPerNetwork: 3 },
    });
  });
  afterAll(() => server.close());

  it('a network holds at most its cap; over it the answer is 429 TOO_MANY_CONNECTIONS, and a closed stream frees a place', async () => {
    const streams: OpenStream[] = [];
    try {
      for (let i = 0; i < 3; i++) streams.push(await openStream(server.url, ['cap-a'], '203.0.113.9'));
      expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
      const over = await openStream(server.url, ['cap-a'], '203.0.113.9');
      expect(over.status).toBe(429);
      expect(JSON.parse(over.body).error).toMatchObject({
        code: 'TOO_MANY_CONNECTIONS',
        details: { kind: 'count-stream' },
      });
      // Another network has its own places.
      const elsewhere = await openStream(server.url, ['cap-a'], '198.51.100.77');
      streams.push(elsewhere);
      expect(elsewhere.status).toBe(200);

      streams[0].close();
      let again: OpenStream | null = null;
      await waitFor(async () => {
        const attempt = await openStream(server.url, ['cap-a'], '203.0.113.9');
        if (attempt.status === 200) again = attempt;
        return again !== null;
      }, 'a place to free up');
      streams.push(again!);
    } finally {
      for (const s of streams) s.close();
    }
  });
});

describe('many live count streams', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('each hear a new comment, and a page opened after them when its thread appears', async () => {
    const streams: OpenStream[] = [];
    try {
      const { thread } = await openThread(server.url, 'many-streams');
      for (let i = 0; i < 60; i++)
        streams.push(await openStream(server.url, ['many-streams', `other-${i}`], '127.0.0.1'));
      await makeReader(server.url).post(thread.id, { body: 'Counted by sixty streams' });
      await waitFor(
        () => streams.every((s) => s.events.some((e) => e['many-streams'] === 1)),
        'every stream to hear the new count',
      );
      // A page opened after its streams: they hear of its thread and its first comment.
      const later = (await openThread(server.url, 'other-7')).thread.id;
      await makeReader(server.url).post(later, { body: 'First on a later page' });
      await waitFor(() => streams[7].events.some((e) => e['other-7'] === 1), 'the later page to be counted');
      expect(streams[8].events.some((e) => 'other-7' in e && e['other-7'] > 0)).toBe(false);
    } finally {
      for (const s of streams) s.close();
    }
  });
});

describe('sockets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      trustProxy: { hops: 1 },
      connectionLimits: { socketsPerNetwork: 3, countStreamsPerNetwork: null },
    });
  });
  afterAll(() => server.close());

  it('a network holds at most its cap; over it the handshake is refused with TOO_MANY_CONNECTIONS, and a disconnect frees a place', async () => {
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const { socket, error } = await connectFrom(server.url, '203.0.113.20');
        sockets.push(socket);
        expect(error).toBeNull();
      }
      const over = await connectFrom(server.url, '203.0.113.20');
      sockets.push(over.socket);
      expect(over.error?.data).toMatchObject({ code: 'TOO_MANY_CONNECTIONS', details: { kind: 'socket' } });
      const elsewhere = await connectFrom(server.url, '198.51.100.20');
      sockets.push(elsewhere.socket);
      expect(elsewhere.error).toBeNull();

      sockets[0].close();
      await waitFor(async () => {
        const attempt = await connectFrom(server.url, '203.0.113.20');
        sockets.push(attempt.socket);
        return attempt.error === null;
      }, 'a place to free up');
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('connections that never finish their handshake are refused once a network holds twice its cap', async () => {
    const managers: Manager[] = [];
    // Transport connections without a namespace: what a client that ignores the protocol holds.
    const openTransport = () =>
      new Promise<boolean>((resolve) => {
        const manager = new Manager(server.url, {
          transports: ['websocket'],
          reconnection: false,
          autoConnect: false,
          extraHeaders: { 'x-forwarded-for': '203.0.113.30' },
        });
        managers.push(manager);
        manager.open((err) => resolve(err === undefined));
      });
    try {
      const opened = [];
      for (let i = 0; i < 7; i++) opened.push(await openTransport());
      expect(opened).toEqual([true, true, true, true, true, true, false]);
    } finally {
      for (const m of managers) m.engine?.close();
    }
  });
});
