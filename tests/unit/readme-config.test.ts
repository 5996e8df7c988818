// Keeps the README's configuration table and the variables the server reads (CONFIG_VARIABLES) the same list, with the same defaults.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../server/config';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

interface Row {
  name: string;
  default: string;
}

/** The rows of the first table under "## Configuration": `| \`NAME\` | default | meaning |`. */
function configurationTable(markdown: string): Row[] {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Configuration" section');
  const lines = section.split('\n');
  const start = lines.findIndex((line) => /^\|\s*variable\s*\|/.test(line));
  if (start < 0) throw new Error('the Configuration section has no table with a "variable" column');
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    rows.push({ name: cells[0].replace(/`/g, ''), default: cells[1] });
  }
  return rows;
}

/** Code in the README is in backticks and words stand alone; the server's list puts words in parentheses. */
function plainDefault(value: string): string {
  return value
    .replace(/`/g, '')
    .replace(/^\((.*)\)$/, '$1')
    .trim();
}

describe('the README configuration table', () => {
  const rows = configurationTable(README);

  it('lists every variable the server reads, and nothing else', () => {
    const documented = rows.map((r) => r.name);
    expect([...documented].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("gives each variable the server's default", () => {
    const defaults = Object.fromEntries(rows.map((r) => [r.name, plainDefault(r.default)]));
    for (const variable of CONFIG_VARIABLES)
      expect([variable.name, defaults[variable.name]]).toEqual([variable.name, plainDefault(variable.default)]);
  });
});
