// Owns the throwaway PostgreSQL server of a benchmark run: started once when a part first needs it, a database per part, stopped at the end.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { copySqliteToPostgres } from '../../server/db/copy';
import { PATHS } from '../../server/paths';
import { note } from './progress';

interface StartedPostgres {
  url: string;
  createDatabase(name: string): string;
  stop(): void;
}

interface PostgresScript {
  startPostgres(options: { settings?: Record<string, string>; log?: (line: string) => void }): Promise<StartedPostgres>;
}

let running: StartedPostgres | null = null;
let databases = 0;

/** The run's PostgreSQL server, started on first use by scripts/postgres.mjs (the tests' own). */
async function server(settings: Record<string, string>): Promise<StartedPostgres> {
  if (running !== null) return running;
  const named = Object.entries(settings).map(([name, value]) => `${name}=${value}`);
  note(`starting a throwaway PostgreSQL (scripts/postgres.mjs)${named.length > 0 ? ` with ${named.join(', ')}` : ''}`);
  // Loaded at run time rather than bundled: the script finds Debian's PostgreSQL and owns its folder.
  const script = (await import(pathToFileURL(path.join(PATHS.root, 'scripts', 'postgres.mjs')).href)) as PostgresScript;
  running = await script.startPostgres({ settings, log: note });
  // Whatever ends the run (an error, Ctrl+C), the cluster and its folder go with it.
  process.on('exit', stopBenchPostgres);
  return running;
}

/** A new, empty database on the run's server, holding the SQLite file's data when one is given (copied as `parley copy` does). */
export async function benchDatabase(
  label: string,
  settings: Record<string, string>,
  fromSqlite?: string,
): Promise<string> {
  const pg = await server(settings);
  databases += 1;
  const url = pg.createDatabase(`bench_${label.replace(/[^a-z0-9]/g, '_')}_${databases}`);
  if (fromSqlite !== undefined) {
    const startedMs = performance.now();
    const copied = await copySqliteToPostgres({ sqlitePath: fromSqlite, databaseUrl: url });
    if (!copied.isVerified) throw new Error('the copy into PostgreSQL does not hold every row');
    const comments = copied.counts.find((c) => c.table === 'comments')?.targetRows ?? 0;
    note(
      `  copied ${comments.toLocaleString('en-US')} comments into PostgreSQL in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`,
    );
  }
  return url;
}

export function stopBenchPostgres(): void {
  running?.stop();
  running = null;
}
