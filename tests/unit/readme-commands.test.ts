// Keeps the README's table of `parley` commands and the commands the command line runs (COMMANDS) the same list.
import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS } from '../../server/cli';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The command word of each row of the first table under "## The `parley` command": `| \`parley NAME ...\` | ... |`. */
function documentedCommands(markdown: string): string[] {
  const section = /^## The `parley` command\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1];
  if (section === undefined) throw new Error('README.md has no "## The `parley` command" section');
  const lines = section.split('\n');
  const start = lines.findIndex((line) => /^\|\s*command\s*\|/.test(line));
  if (start < 0) throw new Error('that section has no table with a "command" column');
  const names: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const word = /^\|\s*`parley ([\w-]+)/.exec(line)?.[1];
    if (word === undefined) throw new Error(`a row that names no parley command: ${line}`);
    names.push(word);
  }
  return names;
}

describe("the README's table of parley commands", () => {
  it('lists every command the command line runs, and nothing else', () => {
    expect([...new Set(documentedCommands(README))].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});
