// Keeps package.json's allowScripts (npm 11's approvals of dependencies' install scripts) covering every
// dependency in package-lock.json that has one, so a fresh install warns about none and runs what Parley needs.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean; name?: string }>;
};

/** Every locked package that has an install script, as `name@version`. */
function lockedWithInstallScripts(): { name: string; version: string }[] {
  return Object.entries(lock.packages)
    .filter(([where, entry]) => where !== '' && entry.hasInstallScript === true)
    .map(([where, entry]) => ({
      name: entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version ?? '',
    }));
}

/** An allowScripts key names a package (`name`) or one version of it (`name@1.2.3`); scoped names start with @. */
const nameOfKey = (key: string) => key.replace(/(?<=.)@[^@/]*$/, '');

function decisionFor(name: string, version: string): boolean | undefined {
  const allow = manifest.allowScripts ?? {};
  return allow[`${name}@${version}`] ?? allow[name];
}

describe("package.json's allowScripts", () => {
  it('decides, allowed or denied, for every locked dependency with an install script', () => {
    const locked = lockedWithInstallScripts();
    expect(locked.length).toBeGreaterThan(0);
    const undecided = locked.filter(({ name, version }) => decisionFor(name, version) === undefined);
    expect(undecided).toEqual([]);
  });

  it('allows the native SQLite binding and the bundler, which Parley cannot run without', () => {
    for (const name of ['better-sqlite3', 'esbuild']) {
      const { version } = lockedWithInstallScripts().find((p) => p.name === name) ?? { version: '' };
      expect([name, decisionFor(name, version)]).toEqual([name, true]);
    }
  });

  it('names no package that has no install script in the lock (nothing stale to prune)', () => {
    const names = new Set(lockedWithInstallScripts().map((p) => p.name));
    const stale = Object.keys(manifest.allowScripts ?? {}).filter((key) => !names.has(nameOfKey(key)));
    expect(stale).toEqual([]);
  });
});
