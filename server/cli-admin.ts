// Owns `parley admin ...`: creating moderators, resetting passwords and listing accounts from the command line.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createAccountService } from './accounts/account-service';
import { systemClock } from './clock';
import type { Config } from './config';
import { openStorage } from './db/open-storage';
import type { Storage } from './db/storage';
import { AppError } from './errors';
import { parseNewModerator } from './moderation/admin-input';

export const ADMIN_HELP = `Usage: parley admin <command> [options]

Commands:
  create --email EMAIL --name NAME [--role admin|moderator]   Create an account (role defaults to moderator)
  reset-password --email EMAIL                                Set a new password (ends the account's sessions and any lockout)
  unlock --email EMAIL                                        End the account's lockout after failed logins
  list                                                        List accounts (and which are locked)

The password is read from standard input: typed at a hidden prompt, or piped in
(for example: printf '%s' "$PASSWORD" | parley admin create ...). At least 12 characters.
`;

export interface AdminCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readPassword: (prompt: string) => Promise<string>;
}

/** Reads a password from a terminal without echoing it, or the first line of piped input. */
export function readPasswordFromStdin(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    const rl = readline.createInterface({ input, output: process.stderr, terminal: input.isTTY === true });
    if (input.isTTY) {
      process.stderr.write(prompt);
      // Typed characters must not appear on screen.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    }
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      if (input.isTTY) process.stderr.write('\n');
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
  });
}

function describeProblems(err: AppError): string {
  const fields = (err.details as { fields?: { field: string; issue: string }[] } | undefined)?.fields ?? [];
  const words: Record<string, string> = {
    'email:invalid': 'the email is not a valid address',
    'email:required': 'an email is required (--email)',
    'displayName:required': 'a name is required (--name)',
    'displayName:too_long': 'the name is longer than 64 characters',
    'role:invalid': 'the role must be admin or moderator',
    'role:required': 'a role is required',
    'password:invalid': 'the password must have at least 12 characters',
    'password:required': 'a password is required',
    'password:too_long': 'the password is too long',
  };
  return (
    fields.map((f) => words[`${f.field}:${f.issue}`] ?? `${f.field} is ${f.issue}`).join('; ') || err.publicMessage
  );
}

export async function runAdminCli(argv: string[], config: Config, io: AdminCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`parley admin: ${(err as Error).message}\nRun "parley admin --help" for usage.\n`);
    return 2;
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    io.out(ADMIN_HELP);
    return parsed.values.help ? 0 : 2;
  }
  if (!['create', 'reset-password', 'unlock', 'list'].includes(command) || extra.length > 0) {
    io.err(`parley admin: unknown command "${[command, ...extra].join(' ')}"\nRun "parley admin --help" for usage.\n`);
    return 2;
  }
  if (command !== 'list' && !parsed.values.email) {
    io.err('parley admin: --email is required\n');
    return 2;
  }

  let storage: Storage;
  try {
    ({ storage } = await openStorage(config));
  } catch (err) {
    // An unreachable server, a schema newer than this Parley: one line, never a stack.
    io.err(`parley admin: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const accounts = createAccountService({ storage, clock: systemClock });
    if (command === 'list') {
      const all = await accounts.listModerators();
      if (all.length === 0)
        io.out(
          'No accounts yet. Create the first admin with: parley admin create --email EMAIL --name NAME --role admin\n',
        );
      for (const m of all) {
        const lockedUntil = await accounts.lockedUntil(m.email);
        const lock = lockedUntil === null ? '' : `\tlocked until ${new Date(lockedUntil).toISOString()}`;
        io.out(`${m.id}\t${m.role}\t${m.email}\t${m.displayName}${lock}\n`);
      }
      return 0;
    }
    if (command === 'unlock') {
      const moderator = await accounts.unlock(parsed.values.email as string);
      io.out(`Unlocked ${moderator.email}: failed logins are forgotten and the account can log in now.\n`);
      return 0;
    }
    const password = await io.readPassword('Password (at least 12 characters): ');
    if (command === 'create') {
      const input = parseNewModerator({
        email: parsed.values.email,
        displayName: parsed.values.name ?? '',
        role: parsed.values.role ?? 'moderator',
        password,
      });
      const created = await accounts.createModerator(input);
      io.out(`Created ${created.role} ${created.email} (id ${created.id}). Log in at /admin.\n`);
      return 0;
    }
    const checked = parseNewModerator({ email: parsed.values.email, displayName: 'x', role: 'moderator', password });
    const moderator = await accounts.resetPassword(checked.email, checked.password);
    io.out(`Password changed for ${moderator.email}; their sessions have ended.\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`parley admin: ${err.code === 'VALIDATION_FAILED' ? describeProblems(err) : err.publicMessage}\n`);
      return 1;
    }
    throw err;
  } finally {
    await storage.close();
  }
}
