// Owns what every PostgreSQL repository runs its SQL on: the pool outside units of work, one client inside.
import type pg from 'pg';

/** A pool or one client of it: both run a statement and give its rows. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The first row of a statement's answer, or null. */
export async function one<R extends pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: unknown[],
): Promise<R | null> {
  const { rows } = await db.query<R>(text, values);
  return rows[0] ?? null;
}

/** The first row of a statement that always answers one (an UPDATE ... RETURNING of a row known to exist). */
export async function only<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]): Promise<R> {
  const row = await one<R>(db, text, values);
  if (row === null) throw new Error(`Expected a row from: ${text.split('\n')[0]}`);
  return row;
}
