// Domain events cross between nodes through the PostgreSQL adapter: each node's bus hears what
// happened on the others once, and what is a node's own stays with it.
import { Server } from 'socket.io';
import { readMigrations } from '../../server/db/migrations';
import { migratePostgres } from '../../server/db/postgres/migrate';
import { openPool } from '../../server/db/postgres/pool';
import { createNodesAdapter } from '../../server/db/postgres/socket-adapter';
import { PATHS } from '../../server/paths';
import { DomainEvents } from '../../server/domain-events';
import { createLogger } from '../../server/log/logger';
import { shareDomainEvents, type ClusterEvents } from '../../server/realtime/cluster-events';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

jest.setTimeout(60_000);

interface Node {
  io: Server<Record<string, never>, Record<string, never>, ClusterEvents>;
  events: DomainEvents;
  heard: Array<[string, unknown]>;
  stop(): Promise<void>;
}

let database: TestDatabase;
const nodes: Node[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  const pool = await openPool(database.url, { max: 1 });
  await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
  await pool.end();
});

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.stop()));
  await database.drop();
});

const SHARED = ['comment:created', 'comment:updated', 'comment:voted', 'thread:counted', 'audit:added'] as const;

function startNode(): Node {
  const link = createNodesAdapter(database.url, (err) => {
    // The database is dropped under the link at the end of each test.
    if (!/terminat/.test(err.message)) throw err;
  });
  const io = new Server<Record<string, never>, Record<string, never>, ClusterEvents>();
  io.adapter(link.adapter);
  const events = new DomainEvents();
  const heard: Array<[string, unknown]> = [];
  for (const name of [...SHARED, 'server:stopping'] as const) events.on(name, (payload) => heard.push([name, payload]));
  const stopSharing = shareDomainEvents(io, events, createLogger('silent'));
  const node: Node = {
    io,
    events,
    heard,
    async stop() {
      stopSharing();
      // No HTTP server to close: closing the adapter says goodbye to the other nodes.
      await io.of('/').adapter.close();
      await link.close();
    },
  };
  nodes.push(node);
  return node;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Waits until every node counts every node, so a message sent now reaches them all. */
async function joined(all: Node[]): Promise<void> {
  await until(
    async () =>
      (await Promise.all(all.map((node) => node.io.of('/').adapter.serverCount()))).every((n) => n === all.length),
    `${all.length} nodes to see each other`,
  );
}

const comment = (id: number) => ({
  comment: { id, threadId: 7, body: `<p>Comment ${id}</p>`, createdAtMs: 1_764_000_000_000 + id },
});

test('an event emitted on one node is heard once on every other node, and not sent back', async () => {
  const [a, b, c] = [startNode(), startNode(), startNode()];
  await joined([a, b, c]);

  a.events.emit('comment:created', comment(1) as never);
  b.events.emit('thread:counted', { threadId: 7, commentCount: 12 });

  await until(() => c.heard.length === 2 && a.heard.length === 2 && b.heard.length === 2, 'every node to hear both');
  const sorted = (node: Node) => [...node.heard].sort((x, y) => x[0].localeCompare(y[0]));
  const expected = [
    ['comment:created', comment(1)],
    ['thread:counted', { threadId: 7, commentCount: 12 }],
  ];
  for (const node of [a, b, c]) expect(sorted(node)).toEqual(expected);

  // A little later nothing more has arrived: no node sent a peer's event on again.
  a.events.emit('comment:updated', comment(2) as never);
  await until(() => b.heard.length === 3 && c.heard.length === 3, 'the marker event');
  expect(a.heard).toHaveLength(3);
  expect(b.heard.filter(([name]) => name === 'comment:created')).toHaveLength(1);
});

test("a node's own shutdown stays its own", async () => {
  const [a, b] = [startNode(), startNode()];
  await joined([a, b]);
  a.events.emit('server:stopping', {});
  a.events.emit('comment:voted', comment(3) as never);
  await until(() => b.heard.length === 1, 'the vote to arrive');
  expect(b.heard.map(([name]) => name)).toEqual(['comment:voted']);
});
