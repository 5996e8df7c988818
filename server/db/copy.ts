// Owns moving a site from SQLite to PostgreSQL: every table in batches with its ids kept, the counters set past them, resumable, and checked by counting rows.
import path from 'node:path';
import { PATHS } from '../paths';
import { readMigrations } from './migrations';
import { createCopyTarget, type CopyTarget, type TargetColumn } from './postgres/copy-target';
import { migratePostgres } from './postgres/migrate';
import { openPool, redactDatabaseUrl } from './postgres/pool';
import { openCopySource, type CopySource, type SourceTable } from './sqlite/copy-source';

/**
 * Every table, in an order in which each row's references are already there. A table the
 * source has and this list lacks stops the copy: this version of Parley does not know it.
 */
const COPY_ORDER = [
  'moderators',
  'moderator_sessions',
  'login_failures',
  'settings',
  'identities',
  'threads',
  'comments',
  'votes',
  'reactions',
  'reports',
  'bans',
  'audit_log',
  'mail_addresses',
  'subscriptions',
  'mail_outbox',
  'change_counter',
  'comment_status_counts',
] as const;

/**
 * Tables whose rows the target already holds or derives: the change counter's one row, and the
 * per-status counts triggers keep while comments are inserted. The source's values replace them.
 */
const REPLACED_TABLES = new Set<string>(['change_counter', 'comment_status_counts']);

/** Columns that name a row of their own table copied later (an undo names the entry after it): set in a second pass. */
const LATER_REFERENCES: Record<string, string[]> = { audit_log: ['undone_by'] };

/** Rows per INSERT are also held under PostgreSQL's limit of 65,535 parameters a statement. */
const MAX_PARAMETERS = 60_000;

export interface CopyOptions {
  /** The SQLite file to copy from. */
  sqlitePath: string;
  /** The PostgreSQL database to copy into. */
  databaseUrl: string;
  /** Rows read and written at once (memory stays bounded by one batch). */
  batchRows?: number;
  /** Told how the copy goes, one line at a time. */
  progress?: (line: string) => void;
  now?: () => number;
  /** Stops after this many batches, as an interrupted run would (tests of resuming). */
  stopAfterBatches?: number;
}

export interface TableCount {
  table: string;
  sourceRows: number;
  targetRows: number;
}

export interface CopyResult {
  /** The target held an unfinished copy from the same source, which this run continued. */
  isResumed: boolean;
  /** False when stopped early (stopAfterBatches): nothing was counted. */
  isComplete: boolean;
  /** Rows of each table on both sides, after the copy. */
  counts: TableCount[];
  /** Every table holds as many rows in the target as in the source. */
  isVerified: boolean;
}

/** A copy that cannot start or go on, with a message for an operator (never a stack trace). */
export class CopyRefusedError extends Error {
  override name = 'CopyRefusedError';
}

interface TablePlan {
  source: SourceTable;
  booleanColumns: boolean[];
  laterColumns: number[];
  identityColumns: string[];
}

function planTables(source: CopySource, targetColumns: Map<string, TargetColumn[]>): TablePlan[] {
  const known = new Set<string>(COPY_ORDER);
  const unknown = source.tables.filter((t) => !known.has(t.name)).map((t) => t.name);
  if (unknown.length > 0) {
    throw new CopyRefusedError(`The SQLite database has tables this Parley cannot copy: ${unknown.join(', ')}.`);
  }
  const plans: TablePlan[] = [];
  for (const name of COPY_ORDER) {
    const table = source.tables.find((t) => t.name === name);
    if (table === undefined) throw new CopyRefusedError(`The SQLite database has no ${name} table.`);
    const columns = targetColumns.get(name);
    if (columns === undefined) throw new CopyRefusedError(`The PostgreSQL database has no ${name} table.`);
    const missing = table.columns.filter((c) => !columns.some((t) => t.name === c));
    const extra = columns.filter((t) => !table.columns.includes(t.name)).map((t) => t.name);
    if (missing.length > 0 || extra.length > 0) {
      throw new CopyRefusedError(
        `Table ${name} differs between the engines (only in SQLite: ${missing.join(', ') || 'none'}; ` +
          `only in PostgreSQL: ${extra.join(', ') || 'none'}).`,
      );
    }
    const typeOf = (column: string) => columns.find((t) => t.name === column)?.dataType;
    plans.push({
      source: table,
      booleanColumns: table.columns.map((c) => typeOf(c) === 'boolean'),
      laterColumns: (LATER_REFERENCES[name] ?? []).map((c) => table.columns.indexOf(c)),
      identityColumns: columns.filter((c) => c.isIdentity).map((c) => c.name),
    });
  }
  return plans;
}

/** SQLite keeps flags as 0 and 1; PostgreSQL's columns are BOOLEAN. */
function toTargetRow(row: unknown[], plan: TablePlan): unknown[] {
  return row.map((value, i) => {
    if (plan.laterColumns.includes(i)) return null;
    if (plan.booleanColumns[i] && value !== null) return value !== 0;
    return value;
  });
}

/** Refuses a target holding anything but an unfinished copy from this very source; resolves to whether it resumes one. */
async function checkTarget(target: CopyTarget, sourceId: string, where: string): Promise<boolean> {
  const inProgress = await target.copyInProgress();
  if (inProgress !== null) {
    if (inProgress !== sourceId) {
      throw new CopyRefusedError(
        `${where} holds an unfinished copy from ${inProgress}: run the copy again from that file, ` +
          'or copy into a new, empty database.',
      );
    }
    return true;
  }
  const dataTables = COPY_ORDER.filter((t) => !REPLACED_TABLES.has(t));
  const withRows = await target.tablesWithRows(dataTables);
  if (withRows.length > 0 || (await target.changeSeq()) > 0) {
    throw new CopyRefusedError(
      `${where} is not empty (${withRows.length > 0 ? `rows in ${withRows.join(', ')}` : 'comments have changed'}): ` +
        'copy into a new, empty database (createdb), so nothing in it is overwritten or mixed with the copy.',
    );
  }
  return false;
}

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyResult> {
  const progress = options.progress ?? (() => undefined);
  const now = options.now ?? Date.now;
  const batchRows = options.batchRows ?? 1_000;
  const sourceId = path.resolve(options.sqlitePath);
  const where = redactDatabaseUrl(options.databaseUrl);

  const source = openCopySource(options.sqlitePath);
  let target: CopyTarget | null = null;
  try {
    const expectedVersion = readMigrations(PATHS.migrations).at(-1)?.version ?? 0;
    if (source.schemaVersion !== expectedVersion) {
      throw new CopyRefusedError(
        source.schemaVersion < expectedVersion
          ? `${options.sqlitePath} is at schema version ${source.schemaVersion}; this Parley copies version ` +
              `${expectedVersion}: run "parley migrate" on it first (PARLEY_DB_PATH=${options.sqlitePath}).`
          : `${options.sqlitePath} is at schema version ${source.schemaVersion}, newer than this Parley ` +
              `(${expectedVersion}): copy it with the Parley that wrote it.`,
      );
    }
    const pool = await openPool(options.databaseUrl, { max: 2 });
    target = createCopyTarget(pool);
    const migrated = await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
    if (migrated.applied.length > 0) {
      progress(`Applied ${migrated.applied.length} PostgreSQL migration(s) to ${where}.`);
    }
    const plans = planTables(source, await target.columnsOf([...COPY_ORDER]));
    const isResumed = await checkTarget(target, sourceId, where);
    if (isResumed) progress(`Resuming the unfinished copy from ${sourceId} into ${where}.`);
    else await target.markCopyStarted(sourceId, now());

    let batches = 0;
    for (const plan of plans) {
      const { name, columns, keyColumns } = plan.source;
      const total = source.countRows(plan.source);
      const rowsPerInsert = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
      const onConflict = REPLACED_TABLES.has(name) ? 'replace' : 'skip';
      let read = 0;
      let inserted = 0;
      let afterKey: unknown[] | null = null;
      progress(`${name}: ${total} row(s) to copy`);
      for (;;) {
        if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) {
          progress(`Stopped after ${batches} batch(es), as asked; run the copy again to continue.`);
          return { isResumed, isComplete: false, counts: [], isVerified: false };
        }
        const rows = source.readBatch(plan.source, afterKey, rowsPerInsert);
        if (rows.length === 0) break;
        inserted += await target.insertRows(
          name,
          columns,
          keyColumns,
          rows.map((row) => toTargetRow(row, plan)),
          onConflict,
        );
        read += rows.length;
        batches += 1;
        const last = rows[rows.length - 1];
        afterKey = keyColumns.map((k) => last[columns.indexOf(k)]);
        if (read < total && batches % 20 === 0) progress(`${name}: ${read}/${total}`);
      }
      for (const index of plan.laterColumns) await copyLaterColumn(source, target, plan, index, batchRows);
      progress(
        `${name}: ${read} row(s) read, ${inserted} written` +
          (onConflict === 'skip' && inserted < read ? ` (${read - inserted} were already there)` : ''),
      );
    }

    for (const plan of plans) {
      if (plan.identityColumns.length > 0) await target.advanceIdentities(plan.source.name, plan.identityColumns);
    }
    const counts: TableCount[] = [];
    for (const plan of plans) {
      counts.push({
        table: plan.source.name,
        sourceRows: source.countRows(plan.source),
        targetRows: await target.countRows(plan.source.name),
      });
    }
    const isVerified = counts.every((c) => c.sourceRows === c.targetRows);
    // An unverified copy keeps its marker: running it again continues rather than being refused.
    if (isVerified) await target.markCopyFinished();
    return { isResumed, isComplete: true, counts, isVerified };
  } finally {
    source.close();
    await target?.close();
  }
}

/** The second pass over a table for a column that names rows copied after the one holding it. */
async function copyLaterColumn(
  source: CopySource,
  target: CopyTarget,
  plan: TablePlan,
  index: number,
  batchRows: number,
): Promise<void> {
  const { name, columns } = plan.source;
  const idIndex = columns.indexOf('id');
  let afterKey: unknown[] | null = null;
  for (;;) {
    const rows = source.readBatch(plan.source, afterKey, batchRows);
    if (rows.length === 0) return;
    const pairs = rows
      .filter((row) => row[index] !== null)
      .map((row): [number, unknown] => [row[idIndex] as number, row[index]]);
    await target.setColumnById(name, columns[index], pairs);
    afterKey = [rows[rows.length - 1][idIndex]];
  }
}

/** The per-table summary printed at the end of a copy. */
export function describeCounts(counts: TableCount[]): string {
  const width = Math.max(...counts.map((c) => c.table.length), 'table'.length);
  const lines = [`${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgres'.padStart(10)}`];
  for (const c of counts) {
    lines.push(
      `${c.table.padEnd(width)}  ${String(c.sourceRows).padStart(10)}  ${String(c.targetRows).padStart(10)}` +
        (c.sourceRows === c.targetRows ? '' : '  DIFFERS'),
    );
  }
  return lines.join('\n') + '\n';
}
