// Owns throwaway PostgreSQL servers for tests and for trying several nodes by hand: finds
// (or, as root, installs) Debian's PostgreSQL, makes a cluster in a temporary folder, starts
// it on a free loopback port and removes it again.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y postgresql';
const DATABASE = 'parley';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The folder holding initdb, pg_ctl and postgres: Debian keeps them per major version. */
function findBinDir() {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (fromConfig.status === 0) {
    const dir = fromConfig.stdout.trim();
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'))) return dir;
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter(
      (v) =>
        /^\d+$/.test(v) &&
        existsSync(path.join(base, v, 'bin', 'initdb')) &&
        existsSync(path.join(base, v, 'bin', 'postgres')),
    )
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(base, versions[0], 'bin') : null;
}

/** What failed and the command that fixes it, for the test run to print and stop on. */
export class PostgresUnavailable extends Error {
  constructor(reason) {
    super(`${reason}\nThe PostgreSQL tests need Debian's PostgreSQL server. Install it with:\n\n  ${INSTALL_HINT}\n`);
    this.name = 'PostgresUnavailable';
  }
}

/** The server's bin folder, installing Debian's package first when missing and allowed (root with apt-get). */
export function ensurePostgresInstalled({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  let binDir = findBinDir();
  if (binDir !== null) return binDir;
  if (!isRoot() || !commandExists('apt-get')) throw new PostgresUnavailable('PostgreSQL is not installed.');
  log('PostgreSQL is missing; installing it with apt-get for the PostgreSQL tests.');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postgresql']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) throw new PostgresUnavailable(`"apt-get ${args.join(' ')}" failed.`);
  }
  binDir = findBinDir();
  if (binDir === null)
    throw new PostgresUnavailable('apt-get installed postgresql, but its server programs were not found.');
  return binDir;
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user that
 * Debian's package creates, and its programs run as that user.
 */
function runAs(owner, binDir, program, args, options = {}) {
  const full = path.join(binDir, program);
  const [command, commandArgs] = owner === null ? [full, args] : ['runuser', ['-u', owner, '--', full, ...args]];
  return spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
}

function ownerFor() {
  if (!isRoot()) return null;
  const found = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (found.status !== 0)
    throw new PostgresUnavailable('Running as root, but there is no "postgres" user to own the cluster.');
  return 'postgres';
}

/**
 * Creates and starts a cluster in a new temporary folder on a free loopback port, with a
 * database named "parley". Resolves to its URL and a `stop()` that stops it and removes the
 * folder. `settings` are extra server settings (name -> value).
 */
export async function startPostgres({ settings = {}, log } = {}) {
  const binDir = ensurePostgresInstalled({ log });
  const owner = ownerFor();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = dir;
  if (owner !== null) {
    const uid = Number(spawnSync('id', ['-u', owner], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', owner], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const fail = (what, result) => {
    remove();
    throw new PostgresUnavailable(`${what} failed:\n${(result.stderr || result.stdout || '').trim()}`);
  };

  const user = owner ?? os.userInfo().username;
  const init = runAs(owner, binDir, 'initdb', [
    '-D',
    dataDir,
    '-U',
    user,
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  if (init.status !== 0) fail('initdb', init);

  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=300',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const logFile = path.join(dir, 'server.log');
  const start = runAs(owner, binDir, 'pg_ctl', [
    '-D',
    dataDir,
    '-l',
    logFile,
    '-o',
    options,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (start.status !== 0) fail('pg_ctl start', start);

  const create = runAs(owner, binDir, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, DATABASE]);
  if (create.status !== 0) {
    runAs(owner, binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
    fail('createdb', create);
  }

  let isStopped = false;
  return {
    url: `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${DATABASE}`,
    port,
    dir,
    /** Makes another empty database on the same server and returns its URL. */
    createDatabase(name) {
      const made = runAs(owner, binDir, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, name]);
      if (made.status !== 0) throw new Error(`createdb ${name} failed: ${made.stderr}`);
      return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (isStopped) return;
      isStopped = true;
      runAs(owner, binDir, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
      remove();
    },
  };
}
