// Owns the `parley` command line: serve, migrate, help; exits non-zero on bad arguments.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, CONFIG_VARIABLES, type Config } from './config';
import { backupDatabase, restoreDatabase } from './db/sqlite/backup';
import { openStorage } from './db/open-storage';
import { copySqliteToPostgres, CopyRefusedError, describeCounts } from './db/copy';
import { DatabaseUnreachableError, isPostgresUrl } from './db/postgres/pool';
import { CopySourceError } from './db/sqlite/copy-source';
import { createLogger } from './log/logger';
import { startParley } from './main';
import { readPasswordFromStdin, runAdminCli } from './cli-admin';

/** Every command `parley` runs; the README's command table lists each of them (a test checks). */
export const COMMANDS = [
  {
    name: 'serve',
    meaning: 'Apply pending migrations, then serve the API, the widget, the dashboard and (when on) the demo',
  },
  {
    name: 'migrate',
    meaning: 'Apply pending database migrations and exit (SQLite, or PostgreSQL with PARLEY_DATABASE_URL)',
  },
  { name: 'admin', meaning: 'Manage moderator accounts (parley admin --help)' },
  { name: 'backup', meaning: '--to FILE: copy the SQLite database while the server runs' },
  { name: 'restore', meaning: '--from FILE: replace the SQLite database with a backup (stop the server first)' },
  {
    name: 'copy',
    meaning: '--from sqlite:FILE --to postgres://...: copy a SQLite site into an empty PostgreSQL database (resumable)',
  },
  { name: 'help', meaning: 'Show this help' },
] as const;

const HELP = `Usage: parley <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.meaning}`).join('\n')}

Options:
  -h, --help  Show this help

Configuration comes from environment variables:
${CONFIG_VARIABLES.map((v) => `  ${v.name.padEnd(28)} ${v.meaning} (default: ${v.default})`).join('\n')}
`;

/** What a started server tells whoever started it: what it serves where, and the demo only when it is on. */
export function describeServing(url: string, isDemoEnabled: boolean): string {
  const lines = [
    `Parley is running at ${url}`,
    `  API:        ${url}/api`,
    `  Dashboard:  ${url}/admin`,
    `  Widget:     ${url}/widget.js`,
    `  Embed it:   <div id="parley"></div><script src="${url}/widget.js" async></script>`,
    '              (see docs/embedding.md)',
  ];
  lines.push(
    isDemoEnabled
      ? `  Demo:       open ${url}/ for the demo article.`
      : '  The demo pages are off (PARLEY_DEMO=false): nothing is served at /.',
  );
  return lines.join('\n') + '\n';
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readPassword: (prompt: string) => Promise<string>;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  readPassword: readPasswordFromStdin,
};

/** The configuration, or null after saying what is wrong with it. */
function readConfig(io: CliIo): Config | null {
  try {
    return loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`parley: ${err.message}\n`);
      return null;
    }
    throw err;
  }
}

/** Runs a command; resolves to the exit code (serve resolves once the server is up). */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  if (argv[0] === 'admin') {
    const config = readConfig(io);
    return config === null
      ? 2
      : runAdminCli(argv.slice(1), config, { out: io.out, err: io.err, readPassword: io.readPassword });
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, to: { type: 'string' }, from: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`parley: ${(err as Error).message}\nRun "parley --help" for usage.\n`);
    return 2;
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || command === 'help' || command === undefined) {
    io.out(HELP);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (extra.length > 0) {
    io.err(`parley: unexpected argument "${extra[0]}"\nRun "parley --help" for usage.\n`);
    return 2;
  }
  if (!['serve', 'migrate', 'backup', 'restore', 'copy'].includes(command)) {
    io.err(`parley: unknown command "${command}"\nRun "parley --help" for usage.\n`);
    return 2;
  }
  const fileOptions: ('to' | 'from')[] =
    command === 'backup' ? ['to'] : command === 'restore' ? ['from'] : command === 'copy' ? ['from', 'to'] : [];
  for (const option of ['to', 'from'] as const) {
    if (parsed.values[option] !== undefined && !fileOptions.includes(option)) {
      io.err(`parley: --${option} does not go with ${command}\n`);
      return 2;
    }
  }
  if (command === 'copy') return runCopy(parsed.values.from, parsed.values.to, io);
  const fileOption = fileOptions[0];
  if (fileOption !== undefined && !parsed.values[fileOption]) {
    io.err(`parley: ${command} needs --${fileOption} FILE\n`);
    return 2;
  }

  const config = readConfig(io);
  if (config === null) return 2;

  if ((command === 'backup' || command === 'restore') && config.databaseUrl !== null) {
    io.err(
      `parley: ${command} copies a SQLite file; with PARLEY_DATABASE_URL set, use pg_dump and pg_restore (see docs/operations.md)\n`,
    );
    return 2;
  }
  if (command === 'backup' || command === 'restore') {
    try {
      if (command === 'backup') {
        const { bytes, schemaVersion } = await backupDatabase(config.dbPath, parsed.values.to as string);
        io.out(
          `Backed up ${config.dbPath} to ${parsed.values.to} (${bytes} bytes, schema version ${schemaVersion}, integrity ok).\n`,
        );
      } else {
        const { bytes, schemaVersion } = restoreDatabase(parsed.values.from as string, config.dbPath);
        io.out(
          `Restored ${config.dbPath} from ${parsed.values.from} (${bytes} bytes, schema version ${schemaVersion}).\n`,
        );
      }
      return 0;
    } catch (err) {
      io.err(`parley: ${command} failed: ${(err as Error).message}\n`);
      return 1;
    }
  }

  const logger = createLogger(config.logLevel);
  if (command === 'migrate') {
    try {
      const { storage, migrations, location } = await openStorage(config, { logger });
      await storage.close();
      io.out(
        `Applied ${migrations.applied.length} migration(s); ${location} is at schema version ${migrations.schemaVersion}.\n`,
      );
      return 0;
    } catch (err) {
      io.err(`parley: ${(err as Error).message}\n`);
      return 1;
    }
  }

  let server;
  try {
    server = await startParley(config, { logger });
  } catch (err) {
    io.err(`parley: could not start: ${(err as Error).message}\n`);
    return 1;
  }
  io.out(describeServing(server.url, config.isDemoEnabled));
  let isStopping = false;
  const stop = (signal: string) => {
    // A signal often comes twice (Ctrl-C under npm reaches both npm and the server, which npm
    // then forwards): the default action of a second one would end the process mid-shutdown.
    if (isStopping) {
      logger.info('already shutting down', { signal });
      return;
    }
    isStopping = true;
    logger.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (err) => {
        logger.error('shutdown failed', { errorMessage: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return 0;
}

const COPY_USAGE = 'Usage: parley copy --from sqlite:./data/parley.db --to postgres://user:password@host:5432/database';

/**
 * Copies a SQLite site into PostgreSQL: progress on stderr, the per-table counts on stdout;
 * 0 when every table holds as many rows on both sides, 1 when not or when the copy failed,
 * 2 for wrong arguments. Needs no configuration: both databases are named by the arguments.
 */
async function runCopy(from: string | undefined, to: string | undefined, io: CliIo): Promise<number> {
  if (from === undefined || to === undefined || from === '' || to === '') {
    io.err(`parley: copy needs --from and --to\n${COPY_USAGE}\n`);
    return 2;
  }
  if (!from.startsWith('sqlite:') || from.length === 'sqlite:'.length) {
    io.err(`parley: --from names the SQLite file as sqlite:PATH (got "${from}")\n${COPY_USAGE}\n`);
    return 2;
  }
  if (!isPostgresUrl(to)) {
    io.err(`parley: --to is a PostgreSQL URL, postgres://user:password@host:5432/database\n${COPY_USAGE}\n`);
    return 2;
  }
  const sqlitePath = from.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  try {
    const result = await copySqliteToPostgres({
      sqlitePath,
      databaseUrl: to,
      progress: (line) => io.err(`parley copy: ${line}\n`),
    });
    io.out(describeCounts(result.counts));
    if (!result.isVerified) {
      io.err(
        'parley: the tables marked DIFFERS hold different row counts. If a server was still writing to the ' +
          'SQLite file, stop it; then run the same command again to continue.\n',
      );
      return 1;
    }
    io.out(
      `Copied ${sqlitePath} into ${new URL(to).pathname.slice(1)}; every table holds as many rows on both sides.\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof CopyRefusedError || err instanceof CopySourceError || err instanceof DatabaseUnreachableError) {
      io.err(`parley: copy: ${err.message}\n`);
      return 1;
    }
    // Whatever was written stays, and the target still holds the unfinished copy's marker.
    io.err(
      `parley: copy failed: ${(err as Error).message}\nRun the same command again to continue where it stopped.\n`,
    );
    return 1;
  }
}
