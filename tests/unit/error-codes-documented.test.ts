import fs from 'node:fs';
import path from 'node:path';
import { ERROR_STATUS } from '../../server/errors';
import { PATHS } from '../../server/paths';

/** The rows of the error table in docs/api.md: code and HTTP status, in the order written. */
function documentedCodes(): Array<{ code: string; status: number }> {
  const doc = fs.readFileSync(path.join(PATHS.root, 'docs', 'api.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n## Errors\n'), doc.indexOf('\n## ', doc.indexOf('\n## Errors\n') + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => ({ code: m[1], status: Number(m[2]) }));
}

test('the error table of docs/api.md lists every error code once, with the status it travels with, and no code that does not exist', () => {
  const rows = documentedCodes();
  const codes = rows.map((r) => r.code);
  expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  // ERROR_STATUS is a record over the ErrorCode union, so its keys are exactly the codes.
  expect([...codes].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  for (const { code, status } of rows)
    expect({ code, status }).toEqual({ code, status: ERROR_STATUS[code as keyof typeof ERROR_STATUS] });
});
