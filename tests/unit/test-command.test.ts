// Holds the package's test commands to what the README promises: `npm test` type-checks every TypeScript file, lints and checks the formatting before a test runs; `npm run test:unit` stays fast.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const NOT_SOURCE = new Set(['node_modules', 'dist', 'coverage', 'data', '.git']);

const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;

/** A script as the shell runs it: its `&&` steps, with `npm run NAME` replaced by that script's steps. */
function stepsOf(name: string, seen: string[] = []): string[] {
  if (seen.includes(name)) throw new Error(`npm script "${name}" runs itself`);
  const script = scripts[name];
  if (script === undefined) throw new Error(`no npm script "${name}"`);
  return script.split('&&').flatMap((raw) => {
    const step = raw.trim();
    const nested = /^npm run ([\w:-]+)$/.exec(step) ?? /^npm (test)$/.exec(step);
    return nested ? stepsOf(nested[1], [...seen, name]) : [step];
  });
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_SOURCE.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, keep);
    return keep(entry.name) ? [full] : [];
  });
}

/** The project file a `tsc` step checks, resolved from the package root; null for any other step. */
function checkedProject(step: string): string | null {
  const match = /^tsc\b.*?(?:-p|--project)\s+(\S+)/.exec(step);
  if (!match) return null;
  const given = path.resolve(ROOT, match[1]);
  return fs.statSync(given).isDirectory() ? path.join(given, 'tsconfig.json') : given;
}

function filesOfProject(configPath: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error(`${configPath} could not be read`);
  return parsed.fileNames.map((f) => path.resolve(f));
}

describe('npm test', () => {
  const steps = stepsOf('test');
  const firstJest = steps.findIndex((s) => /^jest\b/.test(s));
  const checked = steps
    .slice(0, firstJest)
    .map(checkedProject)
    .filter((p): p is string => p !== null);

  it('runs jest once, after the type checks', () => {
    expect(firstJest).toBeGreaterThanOrEqual(0);
    expect(steps.filter((s) => /^jest\b/.test(s))).toHaveLength(1);
  });

  it('type-checks every TypeScript project in the repository before jest starts', () => {
    const projects = filesUnder(ROOT, (name) => /^tsconfig.*\.json$/.test(name));
    expect(projects.length).toBeGreaterThan(1);
    expect([...checked].sort()).toEqual(expect.arrayContaining(projects.sort()));
  });

  it('lints and checks the formatting of the whole tree before jest starts', () => {
    const before = steps.slice(0, firstJest);
    expect(before).toEqual(expect.arrayContaining(['eslint .', 'prettier --check .']));
  });

  it('type-checks without writing files, since the build does the emitting', () => {
    for (const step of steps.slice(0, firstJest).filter((s) => checkedProject(s) !== null)) {
      const config = ts.readConfigFile(checkedProject(step)!, ts.sys.readFile).config as {
        compilerOptions?: { noEmit?: boolean };
        extends?: string;
      };
      expect(step.includes('--noEmit') || config.compilerOptions?.noEmit === true).toBe(true);
    }
  });

  it('leaves no TypeScript file outside the projects it checks', () => {
    const covered = new Set(checked.flatMap(filesOfProject));
    const sources = filesUnder(ROOT, (name) => name.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.filter((f) => !covered.has(f)).map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

describe('npm run test:unit', () => {
  it('runs the unit tests alone, with no type check and no browser', () => {
    const steps = stepsOf('test:unit');
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatch(/^jest\b.*\btests\/unit\b/);
    expect(steps.join(' ')).not.toMatch(/\btsc\b|chromium|e2e|integration/);
  });
});
