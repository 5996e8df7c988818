// Owns configuration: the only reader of process.env; validates everything once, at start.
import path from 'node:path';
import type { EventAllowance } from './abuse/event-flood';
import type { RateLimits } from './abuse/rate-limiter';
import type { LogLevel } from './log/logger';
import type { AkismetConfig } from './abuse/spam-check';
import { parseProxyTrust, type ProxyTrust } from './identity/client-address';
import { MAX_PAGE_SIZE } from './protocol/limits';

export interface Config {
  port: number;
  /** Empty means every interface. */
  host: string;
  dbPath: string;
  /** A PostgreSQL URL: the data lives there instead of the SQLite file at dbPath. */
  databaseUrl: string | null;
  logLevel: LogLevel;
  /** One JSON line per answered request; off unless asked for (errors and warnings are logged either way). */
  isAccessLogEnabled: boolean;
  isDemoEnabled: boolean;
  /** Which proxies' X-Forwarded-For and X-Forwarded-Proto are believed (see client-address.ts). */
  trustProxy: ProxyTrust;
  shutdownTimeoutMs: number;
  /** How long a write waits for the database's write lock before it is refused with 503. */
  writeTimeoutMs: number;
  editWindowMs: number;
  maxDepth: number;
  pageSize: number;
  /** Origins whose pages may embed the widget and call the API; null means any. */
  allowedOrigins: string[] | null;
  rateLimits: RateLimits;
  connectionLimits: ConnectionLimits;
  /** Events one reader socket may send at once and per second after that; over it, it is disconnected as flooding. */
  socketEvents: EventAllowance;
  /** Faster than this from the form appearing to its submission looks like a bot. */
  minSubmitMs: number;
  akismet: AkismetConfig | null;
  mail: MailConfig;
}

/** Subscriptions' mail: where it goes out, who it is from, and the address its links point to. */
export interface MailConfig {
  /** An smtp:// or smtps:// URL; null: mail stays in the outbox, unsent. */
  smtpUrl: string | null;
  from: string;
  /** The public address of this server, for links in mail; null: the address it listens on. */
  publicUrl: string | null;
  /** Notices to one address within this time go out as one message. */
  batchMs: number;
  /** The wait before the first retry of a failed send; it doubles with each attempt. */
  retryMs: number;
}

/** Long-lived connections one network may hold at once; null means no cap. */
export interface ConnectionLimits {
  socketsPerNetwork: number | null;
  countStreamsPerNetwork: number | null;
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
  {
    name: 'PARLEY_DB_PATH',
    default: './data/parley.db',
    meaning: 'SQLite database file; created with its folder on first start. Not used with PARLEY_DATABASE_URL.',
  },
  {
    name: 'PARLEY_DATABASE_URL',
    default: '(none: SQLite)',
    meaning:
      'A PostgreSQL database to keep the data in instead of SQLite, as postgres://user:password@host:5432/database; serve, migrate and admin all use it.',
  },
  {
    name: 'PARLEY_LOG_LEVEL',
    default: 'info',
    meaning: 'debug, info, warn, error or silent. Logs are JSON lines on stdout.',
  },
  {
    name: 'PARLEY_ACCESS_LOG',
    default: 'false',
    meaning:
      'true writes one JSON line per answered HTTP request (at log level info or below); errors and warnings are logged either way.',
  },
  { name: 'PARLEY_DEMO', default: 'true', meaning: 'Serve the demo article page at /.' },
  {
    name: 'PARLEY_TRUST_PROXY',
    default: 'false',
    meaning:
      'Proxies in front of Parley whose X-Forwarded-For/-Proto to believe: false, true (one hop), a number of hops, or comma-separated proxy addresses/CIDR ranges.',
  },
  {
    name: 'PARLEY_EDIT_WINDOW_MINUTES',
    default: '15',
    meaning: 'How long readers may edit their own comment after posting it.',
  },
  {
    name: 'PARLEY_MAX_DEPTH',
    default: '5',
    meaning: 'Deepest reply level; replies below it attach at that level with "in reply to NAME".',
  },
  { name: 'PARLEY_PAGE_SIZE', default: '20', meaning: 'Top-level comments per page (1 to 100).' },
  {
    name: 'PARLEY_ALLOWED_ORIGINS',
    default: '(any)',
    meaning: 'Comma-separated origins (https://news.example) whose pages may embed the widget and call the API.',
  },
  {
    name: 'PARLEY_POSTS_PER_MINUTE',
    default: '5',
    meaning: 'Comments one reader may post per minute (a network gets 4 times as many); 0 turns the limit off.',
  },
  {
    name: 'PARLEY_EDITS_PER_MINUTE',
    default: '10',
    meaning:
      'Edits one reader may make to their comments per minute (a network gets 4 times as many); 0 turns the limit off.',
  },
  {
    name: 'PARLEY_VOTES_PER_MINUTE',
    default: '60',
    meaning: 'Votes one reader may cast per minute (a network gets 4 times as many); 0 turns the limit off.',
  },
  {
    name: 'PARLEY_REPORTS_PER_HOUR',
    default: '20',
    meaning: 'Reports one reader may file per hour; 0 turns the limit off.',
  },
  {
    name: 'PARLEY_LOGINS_PER_MINUTE',
    default: '10',
    meaning: 'Login attempts per minute from one network; 0 turns the limit off.',
  },
  {
    name: 'PARLEY_SOCKETS_PER_NETWORK',
    default: '100',
    meaning: 'Live reader connections (widgets) one network may hold at once; 0 turns the cap off.',
  },
  {
    name: 'PARLEY_COUNT_STREAMS_PER_NETWORK',
    default: '100',
    meaning: 'Live comment-count streams (listing pages) one network may hold at once; 0 turns the cap off.',
  },
  {
    name: 'PARLEY_SOCKET_EVENT_BURST',
    default: '60',
    meaning:
      'Events one live reader connection may send at once before it is held to PARLEY_SOCKET_EVENTS_PER_SECOND; past both it is disconnected as flooding.',
  },
  {
    name: 'PARLEY_SOCKET_EVENTS_PER_SECOND',
    default: '5',
    meaning: 'Events a second one live reader connection may send after its burst.',
  },
  {
    name: 'PARLEY_THREADS_PER_HOUR',
    default: '60',
    meaning: 'New threads (pages opened for the first time) one network may create per hour; 0 turns the limit off.',
  },
  {
    name: 'PARLEY_PREVIEWS_PER_MINUTE',
    default: '30',
    meaning:
      "Previews of a draft (the form's Preview tab) one reader may ask for per minute (a network gets 4 times as many); 0 turns the limit off.",
  },
  {
    name: 'PARLEY_MIN_SUBMIT_SECONDS',
    default: '2',
    meaning: 'A comment sent faster than this after its form appeared is held for review.',
  },
  {
    name: 'PARLEY_AKISMET_KEY',
    default: '(none)',
    meaning: 'Akismet API key; when set, new comments are checked and spam goes to the Spam queue.',
  },
  {
    name: 'PARLEY_AKISMET_URL',
    default: 'https://KEY.rest.akismet.com/1.1/comment-check',
    meaning: 'Comment-check address of Akismet or a compatible service.',
  },
  {
    name: 'PARLEY_SITE_URL',
    default: '(none)',
    meaning: "The site's address, sent to Akismet; required with PARLEY_AKISMET_KEY.",
  },
  {
    name: 'PARLEY_AKISMET_TIMEOUT_MS',
    default: '1500',
    meaning: 'How long to wait for the spam check; without an answer the comment is held for review.',
  },
  {
    name: 'PARLEY_SUBSCRIPTIONS_PER_HOUR',
    default: '10',
    meaning:
      'Email subscriptions one reader may ask for per hour (a network gets 4 times as many); 0 turns the limit off.',
  },
  {
    name: 'PARLEY_SMTP_URL',
    default: '(none)',
    meaning:
      'Where subscription mail is sent, as smtp://user:password@host:587 or smtps://host:465; without it, mail is queued but not sent.',
  },
  {
    name: 'PARLEY_MAIL_FROM',
    default: 'Parley <parley@localhost>',
    meaning: 'The From address of subscription mail.',
  },
  {
    name: 'PARLEY_PUBLIC_URL',
    default: '(the address Parley listens on)',
    meaning: 'The public http(s) address of this server, used for links in mail (confirm, unsubscribe).',
  },
  {
    name: 'PARLEY_MAIL_BATCH_SECONDS',
    default: '300',
    meaning: 'Notices of new comments to one address within this time go out as one message.',
  },
  {
    name: 'PARLEY_MAIL_RETRY_SECONDS',
    default: '60',
    meaning: 'Wait before retrying a mail the SMTP server refused or could not take; it doubles with each attempt.',
  },
  {
    name: 'PARLEY_SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    meaning: 'How long a shutdown waits for in-flight requests before closing them.',
  },
  {
    name: 'PARLEY_WRITE_TIMEOUT_MS',
    default: '5000',
    meaning:
      "How long a write waits while another process holds the database's write lock (on PostgreSQL: a lock another use case or session holds) before answering 503.",
  },
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

function readProxyTrust(env: Env, problems: string[]): ProxyTrust {
  const { trust, problems: found } = parseProxyTrust(env.PARLEY_TRUST_PROXY ?? '');
  problems.push(...found);
  return trust;
}

function readLogLevel(env: Env, problems: string[]): LogLevel {
  const raw = (env.PARLEY_LOG_LEVEL ?? '').trim().toLowerCase();
  if (raw === '') return 'info';
  const levels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
  if ((levels as string[]).includes(raw)) return raw as LogLevel;
  problems.push(`PARLEY_LOG_LEVEL must be one of ${levels.join(', ')}, got "${env.PARLEY_LOG_LEVEL}"`);
  return 'info';
}

function readOrigins(env: Env, problems: string[]): string[] | null {
  const raw = (env.PARLEY_ALLOWED_ORIGINS ?? '').trim();
  if (raw === '' || raw === '*') return null;
  const origins: string[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    try {
      const url = new URL(part);
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== part.replace(/\/$/, ''))
        throw new Error('not an origin');
      origins.push(url.origin);
    } catch {
      problems.push(`PARLEY_ALLOWED_ORIGINS must list origins like https://news.example, got "${part}"`);
    }
  }
  return origins;
}

function rateLimitsFrom(env: Env, problems: string[]): RateLimits {
  const posts = readInt(env, 'PARLEY_POSTS_PER_MINUTE', 5, 0, 100_000, problems);
  const edits = readInt(env, 'PARLEY_EDITS_PER_MINUTE', 10, 0, 100_000, problems);
  const votes = readInt(env, 'PARLEY_VOTES_PER_MINUTE', 60, 0, 1_000_000, problems);
  const reports = readInt(env, 'PARLEY_REPORTS_PER_HOUR', 20, 0, 100_000, problems);
  const logins = readInt(env, 'PARLEY_LOGINS_PER_MINUTE', 10, 0, 100_000, problems);
  const threads = readInt(env, 'PARLEY_THREADS_PER_HOUR', 60, 0, 1_000_000, problems);
  const previews = readInt(env, 'PARLEY_PREVIEWS_PER_MINUTE', 30, 0, 100_000, problems);
  const subscriptions = readInt(env, 'PARLEY_SUBSCRIPTIONS_PER_HOUR', 10, 0, 100_000, problems);
  // A network (an office, a mobile carrier's NAT) holds several readers: it gets four times as much.
  return {
    post: { perIdentity: perMinute(posts), perNetwork: perMinute(posts * 4) },
    // Edits have their own allowance: fixing typos in one comment must not use up the next one.
    edit: { perIdentity: perMinute(edits), perNetwork: perMinute(edits * 4) },
    vote: { perIdentity: perMinute(votes), perNetwork: perMinute(votes * 4) },
    report: { perIdentity: perMinute(reports, 3_600_000), perNetwork: perMinute(reports * 4, 3_600_000) },
    login: { perIdentity: null, perNetwork: perMinute(logins) },
    preview: { perIdentity: perMinute(previews), perNetwork: perMinute(previews * 4) },
    // A thread is opened by whoever views a new page first, often without an identity yet.
    thread: { perIdentity: null, perNetwork: perMinute(threads, 3_600_000) },
    subscribe: {
      perIdentity: perMinute(subscriptions, 3_600_000),
      perNetwork: perMinute(subscriptions * 4, 3_600_000),
    },
  };
}

function connectionLimitsFrom(env: Env, problems: string[]): ConnectionLimits {
  const sockets = readInt(env, 'PARLEY_SOCKETS_PER_NETWORK', 100, 0, 1_000_000, problems);
  const streams = readInt(env, 'PARLEY_COUNT_STREAMS_PER_NETWORK', 100, 0, 1_000_000, problems);
  return { socketsPerNetwork: sockets === 0 ? null : sockets, countStreamsPerNetwork: streams === 0 ? null : streams };
}

function perMinute(count: number, perMs = 60_000) {
  return count === 0 ? null : { count, perMs };
}

function readAkismet(env: Env, problems: string[]): AkismetConfig | null {
  const key = (env.PARLEY_AKISMET_KEY ?? '').trim();
  if (key === '') return null;
  const siteUrl = (env.PARLEY_SITE_URL ?? '').trim();
  if (!/^https?:\/\//.test(siteUrl))
    problems.push("PARLEY_SITE_URL must be the site's http(s) address when PARLEY_AKISMET_KEY is set");
  const url = (env.PARLEY_AKISMET_URL ?? '').trim() || `https://${key}.rest.akismet.com/1.1/comment-check`;
  if (!/^https?:\/\//.test(url)) problems.push(`PARLEY_AKISMET_URL must be an http(s) address, got "${url}"`);
  return { key, url, siteUrl, timeoutMs: readInt(env, 'PARLEY_AKISMET_TIMEOUT_MS', 1500, 100, 30_000, problems) };
}

/** The PostgreSQL URL, or null for SQLite. Its value is never repeated in a message: it may hold a password. */
function readDatabaseUrl(env: Env, problems: string[]): string | null {
  const raw = (env.PARLEY_DATABASE_URL ?? '').trim();
  if (raw === '') return null;
  let isValid: boolean;
  try {
    const url = new URL(raw);
    isValid = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    isValid = false;
  }
  if (!isValid)
    problems.push('PARLEY_DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database');
  return raw;
}

function readMail(env: Env, problems: string[]): MailConfig {
  const smtpUrl = (env.PARLEY_SMTP_URL ?? '').trim();
  if (smtpUrl !== '' && !/^smtps?:\/\/[^/\s]+/i.test(smtpUrl))
    // The URL may hold a password: it is not repeated.
    problems.push('PARLEY_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://mail.example:587');
  const from = (env.PARLEY_MAIL_FROM ?? '').trim() || 'Parley <parley@localhost>';
  if (/[\r\n]/.test(from) || !/@/.test(from))
    problems.push(`PARLEY_MAIL_FROM must be one email address, got "${from}"`);
  const publicUrl = (env.PARLEY_PUBLIC_URL ?? '').trim().replace(/\/+$/, '');
  if (publicUrl !== '' && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl))
    problems.push(`PARLEY_PUBLIC_URL must be an http(s) address, got "${publicUrl}"`);
  return {
    smtpUrl: smtpUrl === '' ? null : smtpUrl,
    from,
    publicUrl: publicUrl === '' ? null : publicUrl,
    batchMs: readInt(env, 'PARLEY_MAIL_BATCH_SECONDS', 300, 0, 86_400, problems) * 1000,
    retryMs: readInt(env, 'PARLEY_MAIL_RETRY_SECONDS', 60, 0, 86_400, problems) * 1000,
  };
}

/** Reads and validates configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const dbPathRaw = (env.PARLEY_DB_PATH ?? '').trim();
  const config: Config = {
    port: readInt(env, 'PORT', 8080, 0, 65535, problems),
    host: (env.PARLEY_HOST ?? '').trim(),
    dbPath: path.resolve(cwd, dbPathRaw === '' ? './data/parley.db' : dbPathRaw),
    databaseUrl: readDatabaseUrl(env, problems),
    logLevel: readLogLevel(env, problems),
    isAccessLogEnabled: readBool(env, 'PARLEY_ACCESS_LOG', false, problems),
    isDemoEnabled: readBool(env, 'PARLEY_DEMO', true, problems),
    trustProxy: readProxyTrust(env, problems),
    shutdownTimeoutMs: readInt(env, 'PARLEY_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000, problems),
    writeTimeoutMs: readInt(env, 'PARLEY_WRITE_TIMEOUT_MS', 5_000, 100, 600_000, problems),
    editWindowMs: readInt(env, 'PARLEY_EDIT_WINDOW_MINUTES', 15, 0, 7 * 24 * 60, problems) * 60_000,
    maxDepth: readInt(env, 'PARLEY_MAX_DEPTH', 5, 1, 20, problems),
    pageSize: readInt(env, 'PARLEY_PAGE_SIZE', 20, 1, MAX_PAGE_SIZE, problems),
    allowedOrigins: readOrigins(env, problems),
    rateLimits: rateLimitsFrom(env, problems),
    connectionLimits: connectionLimitsFrom(env, problems),
    socketEvents: {
      burst: readInt(env, 'PARLEY_SOCKET_EVENT_BURST', 60, 1, 100_000, problems),
      perSecond: readInt(env, 'PARLEY_SOCKET_EVENTS_PER_SECOND', 5, 1, 100_000, problems),
    },
    minSubmitMs: readInt(env, 'PARLEY_MIN_SUBMIT_SECONDS', 2, 0, 600, problems) * 1000,
    akismet: readAkismet(env, problems),
    mail: readMail(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
