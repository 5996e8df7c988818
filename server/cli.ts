// Owns the `parley` command line: serve, migrate, help; exits non-zero on bad arguments.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, CONFIG_VARIABLES, type Config } from './config';
import { backupDatabase, restoreDatabase } from './db/sqlite/backup';
import { openStorage } from './db/open-storage';
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
  if (!['serve', 'migrate', 'backup', 'restore'].includes(command)) {
    io.err(`parley: unknown command "${command}"\nRun "parley --help" for usage.\n`);
    return 2;
  }
  const fileOption = command === 'backup' ? 'to' : command === 'restore' ? 'from' : null;
  for (const option of ['to', 'from'] as const) {
    if (parsed.values[option] !== undefined && option !== fileOption) {
      io.err(`parley: --${option} does not go with ${command}\n`);
      return 2;
    }
  }
  if (fileOption !== null && !parsed.values[fileOption]) {
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
