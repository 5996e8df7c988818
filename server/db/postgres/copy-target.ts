// Owns writing a copy into PostgreSQL: the target's columns, batches of rows that keep their ids, the copy's progress marker, and the counters set at the end.
import type { PgPool } from './pool';

/** A column of the target as PostgreSQL declares it. */
export interface TargetColumn {
  name: string;
  /** information_schema's data_type: 'boolean', 'json', 'bigint', ... */
  dataType: string;
  isIdentity: boolean;
}

export interface CopyTarget {
  /** Each table's columns; tables absent from the database are absent here. */
  columnsOf(tables: string[]): Promise<Map<string, TargetColumn[]>>;
  countRows(table: string): Promise<number>;
  /** The tables among `tables` that hold a row. */
  tablesWithRows(tables: string[]): Promise<string[]>;
  /** The change counter's value (0 in a new database). */
  changeSeq(): Promise<number>;
  /** The source an unfinished copy into this database came from, or null when none is under way. */
  copyInProgress(): Promise<string | null>;
  markCopyStarted(source: string, atMs: number): Promise<void>;
  markCopyFinished(): Promise<void>;
  /**
   * Inserts rows (values in `columns` order). 'skip' leaves a row whose key is already there as
   * it is, so a copy run again continues; 'replace' overwrites it with the source's values.
   */
  insertRows(
    table: string,
    columns: string[],
    keyColumns: string[],
    rows: unknown[][],
    onConflict: 'skip' | 'replace',
  ): Promise<number>;
  /** Sets one column of rows found by id: references a row copied after the one holding them. */
  setColumnById(table: string, column: string, pairs: [id: number, value: unknown][]): Promise<void>;
  /** Moves every identity column's sequence past the highest id, so new rows never collide with copied ones. */
  advanceIdentities(table: string, columns: string[]): Promise<void>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A table of its own, outside the migrations: it exists only while a copy is unfinished. */
const MARKER_TABLE = 'parley_copy_in_progress';

export function createCopyTarget(pool: PgPool): CopyTarget {
  return {
    async columnsOf(tables) {
      const { rows } = await pool.query<{
        table_name: string;
        column_name: string;
        data_type: string;
        is_identity: string;
      }>(
        `SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
        [tables],
      );
      const byTable = new Map<string, TargetColumn[]>();
      for (const row of rows) {
        const list = byTable.get(row.table_name) ?? [];
        list.push({ name: row.column_name, dataType: row.data_type, isIdentity: row.is_identity === 'YES' });
        byTable.set(row.table_name, list);
      }
      return byTable;
    },
    async countRows(table) {
      const { rows } = await pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${quote(table)}`);
      return rows[0].n;
    },
    async tablesWithRows(tables) {
      const found: string[] = [];
      for (const table of tables) {
        const { rows } = await pool.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
        if (rows.length > 0) found.push(table);
      }
      return found;
    },
    async changeSeq() {
      const { rows } = await pool.query<{ seq: number }>('SELECT seq FROM change_counter WHERE id = 1');
      return rows[0]?.seq ?? 0;
    },
    async copyInProgress() {
      const { rows } = await pool.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
        MARKER_TABLE,
      ]);
      if (!rows[0].exists) return null;
      const marker = await pool.query<{ source: string }>(`SELECT source FROM ${MARKER_TABLE} LIMIT 1`);
      return marker.rows[0]?.source ?? null;
    },
    async markCopyStarted(source, atMs) {
      await pool.query(`CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (source TEXT NOT NULL, started_at BIGINT NOT NULL)`);
      await pool.query(`INSERT INTO ${MARKER_TABLE} (source, started_at) VALUES ($1, $2)`, [source, atMs]);
    },
    async markCopyFinished() {
      await pool.query(`DROP TABLE IF EXISTS ${MARKER_TABLE}`);
    },
    async insertRows(table, columns, keyColumns, rows, onConflict) {
      if (rows.length === 0) return 0;
      const values: unknown[] = [];
      const tuples = rows.map((row) => {
        const placeholders = row.map((value) => {
          values.push(value);
          return `$${values.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      const conflict =
        onConflict === 'skip'
          ? 'ON CONFLICT DO NOTHING'
          : `ON CONFLICT (${keyColumns.map(quote).join(', ')}) DO UPDATE SET ${columns
              .filter((c) => !keyColumns.includes(c))
              .map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`)
              .join(', ')}`;
      const result = await pool.query(
        `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ${conflict}`,
        values,
      );
      return result.rowCount ?? 0;
    },
    async setColumnById(table, column, pairs) {
      if (pairs.length === 0) return;
      await pool.query(
        `UPDATE ${quote(table)} AS t SET ${quote(column)} = v.value
           FROM unnest($1::bigint[], $2::bigint[]) AS v(id, value) WHERE t.id = v.id`,
        [pairs.map(([id]) => id), pairs.map(([, value]) => value)],
      );
    },
    async advanceIdentities(table, columns) {
      for (const column of columns) {
        // An empty table's sequence starts again at 1; otherwise its next value follows the highest id.
        await pool.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quote(column)}), 1), MAX(${quote(column)}) IS NOT NULL)
             FROM ${quote(table)}`,
          [table, column],
        );
      }
    },
    async close() {
      await pool.end();
    },
  };
}
