// Builds the server (TypeScript -> dist/server, one file each), the widget (a script and its module chunks) and the dashboard bundles (dist/client).
import { readdirSync, rmSync, statSync } from 'node:fs';
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

export async function buildWidget() {
  const modulesDir = path.join(root, 'dist', 'client', 'modules');
  // Chunk names carry content hashes: old ones would linger and be counted by the size check.
  rmSync(modulesDir, { recursive: true, force: true });
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
      entryPoints: {
        interactive: path.join(root, 'client', 'interactive.ts'),
        'lang-ar': path.join(root, 'client', 'messages', 'ar.ts'),
      },
      outdir: modulesDir,
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      target: WIDGET_TARGET,
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
      plugins: [compactStylesheets],
    }),
  ]);
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
