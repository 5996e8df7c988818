// A real SMTP server on loopback for tests (smtp-server, port 0) that keeps each message it accepts, parsed (mailparser).
import Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { signMailToken, type MailToken } from '../../server/notifications/mail-tokens';

export interface MailReceiver {
  /** smtp://127.0.0.1:PORT, for PARLEY_SMTP_URL. */
  url: string;
  messages: ParsedMail[];
  /** The next `count` messages are refused at MAIL FROM, for now (451) unless another code is given. */
  refuseNext(count: number, responseCode?: number): void;
  /** How many sends were refused so far. */
  refusedCount(): number;
  /** Resolves with the messages once `predicate` holds of them; fails after `timeoutMs`. */
  waitFor(predicate: (messages: ParsedMail[]) => boolean, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** Polls `condition` until it holds (a condition, never a fixed sleep). */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startMailReceiver(): Promise<MailReceiver> {
  const messages: ParsedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  let refused = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS certificate to trust, no login.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refusals > 0) {
        refusals--;
        refused++;
        const err = new Error(refusalCode >= 500 ? 'No such mailbox' : 'Mailbox busy, try again later') as Error & {
          responseCode: number;
        };
        err.responseCode = refusalCode;
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push(parsed);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(count, responseCode = 451) {
      refusals = count;
      refusalCode = responseCode;
    },
    refusedCount: () => refused,
    waitFor: (predicate, timeoutMs = 10_000) =>
      waitUntil(() => (predicate(messages) ? messages : null), 'mail to arrive', timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads the mail key a server on this SQLite file signs its links with, and signs a token with it. */
export function signTokenFor(dbPath: string, token: MailToken): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'mail-key'`).get();
    if (row === undefined) throw new Error('no mail key yet');
    return signMailToken(Buffer.from(row.value, 'base64'), token);
  } finally {
    db.close();
  }
}

/** The outbox rows of a server on this SQLite file, oldest first. */
export function outboxRows(
  dbPath: string,
): { id: number; email: string; purpose: string; state: string; attempts: number; last_error: string | null }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare<
        [],
        { id: number; email: string; purpose: string; state: string; attempts: number; last_error: string | null }
      >('SELECT id, email, purpose, state, attempts, last_error FROM mail_outbox ORDER BY id')
      .all();
  } finally {
    db.close();
  }
}

/** The links in a message's text part. */
export function linksIn(mail: ParsedMail): string[] {
  return [...(mail.text ?? '').matchAll(/https?:\/\/[^\s<>]+/g)].map((m) => m[0]);
}
