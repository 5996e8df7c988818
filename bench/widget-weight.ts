// Owns figure 1: what the widget costs to download, file by file, raw and compressed.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { PATHS } from '../server/paths';
import { kb, num } from './lib/stats';
import { row, type Row } from './table';

const PART = '1 widget weight';
const FIRST_RENDER_BUDGET_BYTES = 15 * 1024;
const TOTAL_BUDGET_BYTES = 30 * 1024;
const SHIPPED = /\.(m?js|css)$/;

interface Metafile {
  outputs: Record<string, { entryPoint?: string; cssBundle?: string; imports: { path: string; kind: string }[] }>;
}

export interface ClientBuilds {
  /** The widget build's metafile: what readers' pages load. */
  widget: Metafile | null;
  /** Which build function wrote each other output (the moderators' dashboard, ...). */
  otherOutputs: Map<string, string>;
}

/** Builds dist/client with the project's own build functions (all but the server's), as a release would. */
export async function buildClient(): Promise<ClientBuilds> {
  const build = await import(pathToFileURL(path.join(PATHS.root, 'scripts', 'build.mjs')).href);
  const widget = await build.buildWidget();
  const otherOutputs = new Map<string, string>();
  for (const [name, fn] of Object.entries(build)) {
    if (!name.startsWith('build') || name === 'buildWidget' || name === 'buildServer' || typeof fn !== 'function') continue;
    const result = await (fn as () => Promise<{ metafile?: Metafile } | undefined>)();
    for (const output of Object.keys(result?.metafile?.outputs ?? {})) otherOutputs.set(path.resolve(PATHS.root, output), name);
  }
  return { widget: (widget?.metafile as Metafile | undefined) ?? null, otherOutputs };
}

function shippedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shippedFiles(full);
    return SHIPPED.test(entry.name) ? [full] : [];
  });
}

/** The page's entry script, what it imports statically and its stylesheets: what a page needs before comments show. */
function firstRenderSet(metafile: Metafile | null, files: string[]): Set<string> {
  if (!metafile) return new Set(files.filter((f) => path.basename(f) === 'widget.js'));
  const wanted = new Set<string>();
  const visit = (output: string) => {
    const full = path.resolve(PATHS.root, output);
    if (wanted.has(full)) return;
    wanted.add(full);
    const info = metafile.outputs[output];
    if (info?.cssBundle) wanted.add(path.resolve(PATHS.root, info.cssBundle));
    for (const imported of info?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  // The page loads only widget.js; module chunks (dist/client/modules) are imported after the
  // first render (the live part) or only for another language.
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (info.entryPoint && SHIPPED.test(output) && !output.includes('/modules/')) visit(output);
  }
  return wanted;
}

function sizesOf(file: string) {
  const bytes = fs.readFileSync(file);
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

export async function measureWidgetWeight(builds: ClientBuilds): Promise<Row[]> {
  const dir = path.join(PATHS.root, 'dist', 'client');
  const files = shippedFiles(dir).sort();
  if (files.length === 0) return [row(PART, 'dist/client', 'nothing built')];
  const firstRender = firstRenderSet(builds.widget, files);
  const rows: Row[] = [];
  let firstGzip = 0;
  let widgetGzip = 0;
  let widgetFiles = 0;
  let allGzip = 0;
  for (const file of files) {
    const size = sizesOf(file);
    const otherBuild = builds.otherOutputs.get(file);
    const isFirst = firstRender.has(file);
    allGzip += size.gzip;
    if (!otherBuild) {
      widgetGzip += size.gzip;
      widgetFiles++;
    }
    if (isFirst) firstGzip += size.gzip;
    const role = isFirst ? ' (first render)' : otherBuild ? ` (from ${otherBuild}, not the widget)` : '';
    rows.push(row(PART, `${path.relative(dir, file)}${role}`, `${num(size.raw)} B raw · ${kb(size.gzip)} gzip · ${kb(size.brotli)} brotli`));
  }
  rows.push(row(PART, 'first-render total, gzip -9', kb(firstGzip), '≤ 15 KB', firstGzip <= FIRST_RENDER_BUDGET_BYTES));
  rows.push(
    row(PART, `everything the widget ships (${widgetFiles} file${widgetFiles === 1 ? '' : 's'}), gzip -9`, kb(widgetGzip), '≤ 30 KB', widgetGzip <= TOTAL_BUDGET_BYTES),
  );
  if (widgetFiles !== files.length) rows.push(row(PART, `all of dist/client (${files.length} files), gzip -9`, kb(allGzip)));
  return rows;
}
