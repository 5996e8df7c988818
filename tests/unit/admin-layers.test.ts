// Holds the admin side to its layers: transports call services, the dashboard knows the server only through the protocol.
import fs from 'node:fs';
import path from 'node:path';
import { QUEUES } from '../../client/admin/queue-rules';
import { PATHS } from '../../server/paths';
import { QUEUE_NAMES } from '../../server/protocol/admin-dto';

const read = (file: string) => fs.readFileSync(path.join(PATHS.root, file), 'utf8');

/** Every import and re-export of a module: what it names and whether it takes types only. */
function importsOf(source: string): { from: string; isTypeOnly: boolean }[] {
  const found: { from: string; isTypeOnly: boolean }[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms)) {
    const names = m[2];
    // `import { type A, type B }` takes types only too.
    const isTypeOnly =
      m[1] !== undefined ||
      (/^\{[^}]*\}$/s.test(names.trim()) &&
        names
          .replace(/[{}\s]/g, '')
          .split(',')
          .filter(Boolean)
          .every((n) => n.startsWith('type')));
    found.push({ from: m[3], isTypeOnly });
  }
  for (const m of source.matchAll(/^import\s+'([^']+)'/gm)) found.push({ from: m[1], isTypeOnly: false });
  return found;
}

const ADMIN_TRANSPORT = ['server/http/routes/admin.ts', 'server/realtime/admin-namespace.ts'];

test('the moderation API and the moderators’ live channel reach storage only through services, and build no answer themselves', () => {
  for (const file of ADMIN_TRANSPORT) {
    const source = read(file);
    expect({ file, usesStorage: /\bstorage\b/.test(source) }).toEqual({ file, usesStorage: false });
    const reached = importsOf(source)
      .map((i) => i.from)
      .filter((from) => /\/db\/|-store$|-repository$|admin-views$|moderation-rules$/.test(from));
    expect({ file, reached }).toEqual({ file, reached: [] });
  }
});

test('the dashboard imports only types from the server, and only from server/protocol', () => {
  const dir = path.join(PATHS.root, 'client', 'admin');
  const offending: string[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const { from, isTypeOnly } of importsOf(fs.readFileSync(path.join(dir, name), 'utf8'))) {
      if (!from.includes('/server/')) continue;
      if (!isTypeOnly || !/\/server\/protocol\/[a-z-]+$/.test(from))
        offending.push(`${name}: ${from}${isTypeOnly ? '' : ' (not types only)'}`);
    }
  }
  expect(offending).toEqual([]);
});

test('the dashboard lists the server’s queues, in the server’s order', () => {
  expect(QUEUES).toEqual(QUEUE_NAMES);
});
