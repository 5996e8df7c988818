// Builds the server (TypeScript -> dist/server, one file each), the widget (a script and its module chunks) and the dashboard bundles (dist/client).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

export async function buildServer() {
  await esbuild.build({
    entryPoints: tsFiles(path.join(root, 'server')),
    outdir: path.join(root, 'dist', 'server'),
    outbase: path.join(root, 'server'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
}

const WIDGET_TARGET = ['es2020', 'chrome90', 'firefox90', 'safari15'];

/**
 * The widget in two parts: widget.js, a classic script with only the first render, and the
 * ES module chunks it imports after that render (live updates, forms, languages).
 */
/** Squeezes CSS kept in template literals: comments and layout whitespace cost bytes on every page. */
export function compactCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** The widget's stylesheets are CSS in `export const NAME_CSS = \`...\`` literals without interpolation. */
const compactStylesheets = {
  name: 'compact-stylesheets',
  setup(build) {
    build.onLoad({ filter: /[\\/]client[\\/][\w-]*styles\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(
        /(_CSS = `)([^`$]*)(`)/g,
        (_m, open, css, close) => open + compactCss(css) + close,
      );
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * A feature that not every reader uses is imported with `import('./path')` and becomes a
 * module of its own, built standalone next to interactive.js: the browser resolves the
 * specifier against the importing module's address. No chunks are shared with what every
 * reader loads, so reading, posting and live updates load one module, not a handful of
 * small ones (each costs its own compression and request); the few helpers a lazy module
 * shares are repeated in it.
 */
function lazyModules(found) {
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const base = path.resolve(args.resolveDir, args.path);
        const file = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f));
        if (!file) return { errors: [{ text: `lazy module ${args.path} not found` }] };
        const name = path.basename(file, '.ts');
        const known = found.get(name);
        if (known !== undefined && known !== file)
          return { errors: [{ text: `two lazy modules are named ${name}: ${known} and ${file}` }] };
        found.set(name, file);
        return { path: `./${name}.js`, external: true };
      });
    },
  };
}

export async function buildWidget() {
  const modulesDir = path.join(root, 'dist', 'client', 'modules');
  // Module names are fixed, but a module no longer built must not linger and be counted.
  rmSync(modulesDir, { recursive: true, force: true });
  const moduleOptions = {
    outdir: modulesDir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: WIDGET_TARGET,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
  const found = new Map();
  const [script, modules] = await Promise.all([
    esbuild.build({
      entryPoints: [path.join(root, 'client', 'embed.ts')],
      outfile: path.join(root, 'dist', 'client', 'widget.js'),
      bundle: true,
      minify: true,
      format: 'iife',
      target: WIDGET_TARGET,
      legalComments: 'none',
      metafile: true,
      logLevel: 'error',
      plugins: [compactStylesheets],
    }),
    esbuild.build({
      ...moduleOptions,
      entryPoints: {
        interactive: path.join(root, 'client', 'interactive.ts'),
        'lang-ar': path.join(root, 'client', 'messages', 'ar.ts'),
      },
      plugins: [compactStylesheets, lazyModules(found)],
    }),
  ]);
  // Lazy modules may import lazy modules of their own: build until none is new.
  const built = new Set();
  const lazyOutputs = [];
  while (found.size > built.size) {
    const entries = Object.fromEntries([...found].filter(([name]) => !built.has(name)));
    for (const name of Object.keys(entries)) built.add(name);
    lazyOutputs.push(
      await esbuild.build({
        ...moduleOptions,
        entryPoints: entries,
        plugins: [compactStylesheets, lazyModules(found)],
      }),
    );
  }
  for (const out of lazyOutputs) {
    Object.assign(modules.metafile.inputs, out.metafile.inputs);
    Object.assign(modules.metafile.outputs, out.metafile.outputs);
  }
  return {
    ...script,
    metafile: {
      inputs: { ...script.metafile.inputs, ...modules.metafile.inputs },
      outputs: { ...script.metafile.outputs, ...modules.metafile.outputs },
    },
  };
}

export async function buildCounts() {
  return esbuild.build({
    entryPoints: [path.join(root, 'client', 'counts.ts')],
    outfile: path.join(root, 'dist', 'client', 'counts.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
}

export async function buildAdmin() {
  return esbuild.build({
    entryPoints: [path.join(root, 'client', 'admin', 'dashboard.ts')],
    outfile: path.join(root, 'dist', 'client', 'admin.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await Promise.all([buildServer(), buildWidget(), buildCounts(), buildAdmin()]);
}
