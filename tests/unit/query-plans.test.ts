import type { Db } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { PATHS } from '../../server/paths';
import { useTempDatabase } from '../helpers/temp-db';

const database = useTempDatabase('plans');
let db: Db;

beforeEach(() => {
  db = database();
  migrate(db, readMigrations(PATHS.migrations));
});

/** Every SQL text the SQLite storage prepares, caught as the repositories prepare them. */
function preparedStatements(): string[] {
  const texts: string[] = [];
  const prepare = db.prepare.bind(db);
  const watched = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'prepare') {
        return (sql: string) => {
          texts.push(sql);
          return prepare(sql);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  createSqliteStorage(watched);
  return texts;
}

/** SQLite's plan for a statement, its parameters bound to NULL (the plan does not depend on their values). */
function planOf(sql: string): string {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]))];
  const positional = sql.replace(/'[^']*'/g, '').split('?').length - 1;
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const args: unknown[] =
    named.length > 0 ? [Object.fromEntries(named.map((n) => [n, null]))] : new Array(positional).fill(null);
  return (explain.all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test("reading a thread's pinned comments searches the pinned index, not every top-level comment of the thread", () => {
  const pinnedReads = preparedStatements().filter((sql) => /^\s*SELECT/i.test(sql) && /is_pinned = 1/.test(sql));
  expect(pinnedReads.length).toBeGreaterThan(0);
  for (const sql of pinnedReads) expect(planOf(sql)).toMatch(/USING INDEX comments_pinned_top \(thread_id=\?\)/);
});

test("no query but a moderator's text search walks every comment or vote", () => {
  // A search for words anywhere in a text can use no index; it is a moderator's, and limited.
  const indexable = preparedStatements().filter((sql) => /^\s*SELECT/i.test(sql) && !/\bLIKE\b/.test(sql));
  const scans = indexable
    .map((sql) => ({ sql: sql.replace(/\s+/g, ' ').slice(0, 160), plan: planOf(sql) }))
    .filter(({ plan }) => /\bSCAN (comments|votes)\b/.test(plan));
  expect(scans).toEqual([]);
});

test("a list of one reader's comments searches the index of identities or of emails, not every comment of a queue", () => {
  const byReader = preparedStatements().filter((sql) => /author_key = @same|author_email = @same/.test(sql));
  // One statement per queue for each way of naming the reader.
  expect(byReader).toHaveLength(10);
  for (const sql of byReader) {
    const plan = planOf(sql);
    const index = /author_key = @same/.test(sql) ? 'comments_by_author_time' : 'comments_by_email';
    expect({ sql: sql.replace(/\s+/g, ' ').slice(0, 120), plan }).toEqual({
      sql: sql.replace(/\s+/g, ' ').slice(0, 120),
      plan: expect.stringContaining(`USING INDEX ${index} (`),
    });
  }
});
