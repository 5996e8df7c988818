// Owns what the widget's size budget counts: which built files a reader's browser loads for each use, and the limits.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const KB = 1024;

/**
 * The budget, in gzip -9 bytes. A reader's first render loads widget.js alone; reading,
 * posting and live updates add the interactive module and what it imports statically; a
 * feature not every reader uses (a language, and later sign-in, subscriptions...) is a
 * module of its own, loaded when used.
 */
export const WIDGET_BUDGET = Object.freeze({
  firstRenderBytes: 15 * KB,
  readPostLiveBytes: 30 * KB,
  lazyModuleBytes: 6 * KB,
});

/** Paths under dist/client, as the server serves them (`/widget.js`, `/modules/NAME.js`). */
export const FIRST_RENDER_SCRIPT = 'widget.js';
export const INTERACTIVE_MODULE = 'modules/interactive.js';

export interface WeighedFile {
  /** Relative to dist/client. */
  file: string;
  raw: number;
  gzip: number;
}

export interface LazyModule {
  /** The module a feature imports when used. */
  module: string;
  /** It and the chunks it imports statically that reading, posting and live updates have not loaded already. */
  files: WeighedFile[];
}

export interface WidgetWeight {
  /** widget.js and every module, in name order. */
  files: WeighedFile[];
  firstRender: WeighedFile[];
  readPostLive: WeighedFile[];
  lazyModules: LazyModule[];
}

export function gzipBytes(bytes: Buffer): number {
  return zlib.gzipSync(bytes, { level: 9 }).length;
}

export const totalGzip = (files: readonly WeighedFile[]): number => files.reduce((sum, f) => sum + f.gzip, 0);

/** Chunks a module imports statically (`from"./chunk.js"`, `import"./chunk.js"`): they load before it runs. */
function staticImportsOf(clientDir: string, file: string, seen = new Set<string>()): string[] {
  const source = fs.readFileSync(path.join(clientDir, file), 'utf8');
  for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) {
    const imported = path.posix.join(path.posix.dirname(file), match[1]);
    if (seen.has(imported)) continue;
    seen.add(imported);
    staticImportsOf(clientDir, imported, seen);
  }
  return [...seen];
}

/** Weighs the built widget in `clientDir` (dist/client) by the budget's definitions. */
export function weighWidget(clientDir: string): WidgetWeight {
  const modules = fs
    .readdirSync(path.join(clientDir, 'modules'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `modules/${name}`)
    .sort();
  const files = [FIRST_RENDER_SCRIPT, ...modules].map((file): WeighedFile => {
    const bytes = fs.readFileSync(path.join(clientDir, file));
    return { file, raw: bytes.length, gzip: gzipBytes(bytes) };
  });
  const byName = new Map(files.map((f) => [f.file, f]));
  const weighed = (file: string) => {
    const found = byName.get(file);
    if (!found) throw new Error(`${file} is imported but was not built`);
    return found;
  };
  const live = new Set([FIRST_RENDER_SCRIPT, INTERACTIVE_MODULE, ...staticImportsOf(clientDir, INTERACTIVE_MODULE)]);
  const importedByAnother = new Set(modules.flatMap((m) => staticImportsOf(clientDir, m)));
  const lazyModules = modules
    .filter((m) => !live.has(m) && !importedByAnother.has(m))
    .map((module) => ({
      module,
      files: [module, ...staticImportsOf(clientDir, module).filter((f) => !live.has(f))].map(weighed),
    }));
  return {
    files,
    firstRender: [weighed(FIRST_RENDER_SCRIPT)],
    readPostLive: [...live].map(weighed),
    lazyModules,
  };
}
