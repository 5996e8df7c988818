// The PostgreSQL engine's reads of a page, its pinned comments, its conversations and catch-up go through the indexes made for them.
import { readMigrations } from '../../server/db/migrations';
import { migratePostgres } from '../../server/db/postgres/migrate';
import { openPool, type PgPool } from '../../server/db/postgres/pool';
import { createPostgresCommentStore } from '../../server/db/postgres/comment-repository';
import type { Queryable } from '../../server/db/postgres/sql';
import { PATHS } from '../../server/paths';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

let database: TestDatabase;
let pool: PgPool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = await openPool(database.url, { max: 2 });
  await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
  // Two threads of 3,000 top-level comments with a reply each, a few pinned: enough rows that
  // walking a thread costs the planner more than an index does.
  await pool.query(`INSERT INTO threads (id, page_id, created_at) VALUES (1, 'a', 0), (2, 'b', 0)`);
  await pool.query(
    `INSERT INTO comments (id, thread_id, parent_id, root_id, depth, author_name, body_source, body_html, created_at,
                           score, change_seq, is_pinned, reply_count)
     SELECT n, 1 + n % 2, NULL, n, 0, 'A', 'x', 'x', n * 10, n % 7, n, n % 500 = 0, 1 FROM generate_series(1, 6000) AS n`,
  );
  await pool.query(
    `INSERT INTO comments (id, thread_id, parent_id, root_id, depth, author_name, body_source, body_html, created_at, change_seq)
     SELECT 6000 + n, 1 + n % 2, n, n, 1, 'B', 'y', 'y', n * 10 + 5, 6000 + n FROM generate_series(1, 6000) AS n`,
  );
  await pool.query('ANALYZE');
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** The statements a call of the comment store runs, with their values. */
async function statementsOf(call: (store: ReturnType<typeof createPostgresCommentStore>) => Promise<unknown>) {
  const seen: Array<{ text: string; values: unknown[] }> = [];
  const recorder: Queryable = {
    query: (text, values = []) => {
      seen.push({ text, values });
      return pool.query(text, values);
    },
  };
  await call(createPostgresCommentStore(recorder));
  return seen;
}

async function planOf(text: string, values: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const key = { createdAtMs: 30_000, id: 3000 };
const cases: Array<[string, (store: ReturnType<typeof createPostgresCommentStore>) => Promise<unknown>, RegExp]> = [
  [
    'the oldest first',
    (s) => s.listTopLevelPage({ threadId: 1, sort: 'oldest', after: null, limit: 20, viewerKey: null }),
    /comments_top_by_time/,
  ],
  [
    'the oldest after a kept key',
    (s) =>
      s.listTopLevelPage({
        threadId: 1,
        sort: 'oldest',
        after: { sort: 'oldest', ...key },
        limit: 20,
        viewerKey: null,
      }),
    /comments_top_by_time/,
  ],
  [
    'the newest after a kept key',
    (s) =>
      s.listTopLevelPage({ threadId: 1, sort: 'newest', after: { sort: 'newest', ...key }, limit: 20, viewerKey: 'k' }),
    /comments_top_by_time/,
  ],
  [
    'the top first',
    (s) => s.listTopLevelPage({ threadId: 1, sort: 'top', after: null, limit: 20, viewerKey: null }),
    /comments_top_by_score/,
  ],
  [
    'the top after a kept key',
    (s) =>
      s.listTopLevelPage({
        threadId: 1,
        sort: 'top',
        after: { sort: 'top', score: 3, ...key },
        limit: 20,
        viewerKey: null,
      }),
    /comments_top_by_score/,
  ],
  ['the pinned', (s) => s.listPinned(1, null), /comments_pinned_top/],
  ['the replies of a page', (s) => s.listRepliesOfRoots([2, 4, 6], null, 3), /comments_by_root/],
  [
    'a conversation',
    (s) => s.listConversation({ rootId: 2, after: null, until: null, limit: 20, viewerKey: null }),
    /comments_by_root/,
  ],
  ['catch-up', (s) => s.listChangesSince(1, 5990, 100), /comments_by_change/],
];

test.each(cases)('reading %s goes through its index', async (_name, call, index) => {
  const statements = await statementsOf(call);
  expect(statements).toHaveLength(1);
  const plan = await planOf(statements[0].text, statements[0].values);
  expect(plan).toMatch(index);
  expect(plan).not.toMatch(/Seq Scan on comments/);
});
