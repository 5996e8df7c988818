// Owns configuration: the only reader of process.env; validates everything once, at start.
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  port: number;
  /** Empty means every interface. */
  host: string;
  dbPath: string;
  logLevel: LogLevel;
  isDemoEnabled: boolean;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Documented in README.md; keep the two in step. */
export const CONFIG_VARIABLES = [
  { name: 'PORT', default: '8080', meaning: 'HTTP port for the API, socket.io, the widget and the demo page.' },
  { name: 'PARLEY_HOST', default: '(all interfaces)', meaning: 'Interface to listen on, e.g. 127.0.0.1.' },
  { name: 'PARLEY_DB_PATH', default: './data/parley.db', meaning: 'SQLite database file; created with its folder on first start.' },
  { name: 'PARLEY_LOG_LEVEL', default: 'info', meaning: 'debug, info, warn, error or silent. Logs are JSON lines on stdout.' },
  { name: 'PARLEY_DEMO', default: 'true', meaning: 'Serve the demo article page at /.' },
  { name: 'PARLEY_TRUST_PROXY', default: 'false', meaning: 'Trust X-Forwarded-* headers from a reverse proxy in front of Parley.' },
  { name: 'PARLEY_SHUTDOWN_TIMEOUT_MS', default: '10000', meaning: 'How long a shutdown waits for in-flight requests before closing them.' },
] as const;

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name} must be a whole number, got "${raw}"`);
    return fallback;
  }
  const value = Number(raw.trim());
  if (value < min || value > max) problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function readLogLevel(env: Env, problems: string[]): LogLevel {
  const raw = (env.PARLEY_LOG_LEVEL ?? '').trim().toLowerCase();
  if (raw === '') return 'info';
  const levels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
  if ((levels as string[]).includes(raw)) return raw as LogLevel;
  problems.push(`PARLEY_LOG_LEVEL must be one of ${levels.join(', ')}, got "${env.PARLEY_LOG_LEVEL}"`);
  return 'info';
}

/** Reads and validates configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const dbPathRaw = (env.PARLEY_DB_PATH ?? '').trim();
  const config: Config = {
    port: readInt(env, 'PORT', 8080, 0, 65535, problems),
    host: (env.PARLEY_HOST ?? '').trim(),
    dbPath: path.resolve(cwd, dbPathRaw === '' ? './data/parley.db' : dbPathRaw),
    logLevel: readLogLevel(env, problems),
    isDemoEnabled: readBool(env, 'PARLEY_DEMO', true, problems),
    trustProxy: readBool(env, 'PARLEY_TRUST_PROXY', false, problems),
    shutdownTimeoutMs: readInt(env, 'PARLEY_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
