// Shows that the checks `npm test` runs before jest catch what they are there for: an import
// against the layering, code Prettier would change, and a type error. Each runs the real tool
// on a small file written for the purpose, so a tool that stopped checking would fail here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PATHS } from '../../server/paths';

const ROOT = PATHS.root;

/** Runs an ES module script from the package root (ESLint and Prettier load their configs as ES modules). */
function runModule(source: string, input: unknown): unknown {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
    cwd: ROOT,
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`script failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const LINT = `
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
const { files, typed } = JSON.parse(readFileSync(0, 'utf8'));
// Files that are not on disk are linted without type information (the project cannot hold them).
const untyped = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    files: ['server/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});
const full = new ESLint({ cwd: process.cwd() });
const out = {};
for (const [set, eslint] of [[files, untyped], [typed, full]]) {
  for (const [file, text] of Object.entries(set)) {
    const [result] = await eslint.lintText(text, { filePath: file });
    out[file] = result.messages.map((m) => m.ruleId ?? m.message);
  }
}
process.stdout.write(JSON.stringify(out));
`;

const FORMAT = `
import * as prettier from 'prettier';
import { readFileSync } from 'node:fs';
const files = JSON.parse(readFileSync(0, 'utf8'));
const out = {};
for (const [file, text] of Object.entries(files)) {
  const options = await prettier.resolveConfig(file);
  out[file] = await prettier.check(text, { ...options, filepath: file });
}
process.stdout.write(JSON.stringify(out));
`;

describe('the lint step', () => {
  const results = runModule(LINT, {
    files: {
      'server/comments/upward.ts':
        "import { buildPipeline } from '../http/pipeline';\nexport const p = buildPipeline;\n",
      'server/votes/transport-library.ts': "import express from 'express';\nexport const e = express;\n",
      'server/http/engine.ts':
        "import { createSqliteStorage } from '../db/sqlite/sqlite-storage';\nexport const s = createSqliteStorage;\n",
      'client/protocol-value.ts':
        "import { SORT_ORDERS } from '../server/protocol/dto';\nexport const s = SORT_ORDERS;\n",
      'server/unplaced/file.ts': "import { AppError } from '../errors';\nexport const e = AppError;\n",
      'server/comments/downward.ts': "import { AppError } from '../errors';\nexport const e = AppError;\n",
      'client/protocol-type.ts':
        "import type { SortOrder } from '../server/protocol/dto';\nexport type S = SortOrder;\n",
    },
    typed: {
      // A file that exists, linted with other text: the type-aware rules need a file of the project.
      'server/abuse/abuse-defences.ts':
        'async function spend(): Promise<void> {}\nexport async function post(): Promise<void> {\n  spend();\n}\n',
    },
  }) as Record<string, string[]>;

  it.each([
    ['an import of a layer above', 'server/comments/upward.ts'],
    ['a transport library in a service folder', 'server/votes/transport-library.ts'],
    ['an engine reached from the transport', 'server/http/engine.ts'],
    ['a value (not a type) taken by the widget from the protocol', 'client/protocol-value.ts'],
    ['a server folder with no place in the layering table', 'server/unplaced/file.ts'],
  ])('fails on %s', (_what, file) => {
    expect(results[file]).toContain('parley/layers');
  });

  it('fails on a promise in the server that is neither awaited nor handed on', () => {
    expect(results['server/abuse/abuse-defences.ts']).toContain('@typescript-eslint/no-floating-promises');
  });

  it('passes imports that follow the layering', () => {
    expect(results['server/comments/downward.ts']).toEqual([]);
    expect(results['client/protocol-type.ts']).toEqual([]);
  });
});

test('the format step fails on code Prettier would change and passes it once formatted', () => {
  const results = runModule(FORMAT, {
    'server/comments/unformatted.ts': 'export const a = {b:1,c:"two"}\n',
    'server/comments/formatted.ts': "export const a = { b: 1, c: 'two' };\n",
  }) as Record<string, boolean>;
  expect(results).toEqual({ 'server/comments/unformatted.ts': false, 'server/comments/formatted.ts': true });
});

test('the type check fails on a type error, with the project’s own compiler settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-typecheck-'));
  try {
    fs.writeFileSync(path.join(dir, 'wrong.ts'), "export const count: number = 'three';\n");
    fs.writeFileSync(path.join(dir, 'right.ts'), 'export const count: number = 3;\n');
    // A project that takes every compiler setting from the package's own tsconfig.json.
    const check = (file: string) => {
      const config = {
        extends: path.join(ROOT, 'tsconfig.json'),
        compilerOptions: { noEmit: true, typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
        include: [],
        files: [path.join(dir, file)],
      };
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      return spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    };
    const wrong = check('wrong.ts');
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain('TS2322');
    expect(check('right.ts').status).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
