// Owns figure 1: what the widget costs to download, file by file, raw and compressed, and the budget's totals.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import {
  FIRST_RENDER_SCRIPT,
  WIDGET_BUDGET,
  gzipBytes,
  totalGzip,
  weighWidget,
  type WeighedFile,
} from '../scripts/widget-budget';
import { PATHS } from '../server/paths';
import { kb, num } from './lib/stats';
import { row, type Row } from './table';

const PART = '1 widget weight';
const SHIPPED = /\.(m?js|css)$/;

interface Metafile {
  outputs: Record<string, unknown>;
}

export interface ClientBuilds {
  /** Which build function wrote each output that is not the widget's (the moderators' dashboard, ...). */
  otherOutputs: Map<string, string>;
}

/** Builds dist/client with the project's own build functions (all but the server's), as a release would. */
export async function buildClient(): Promise<ClientBuilds> {
  const build = await import(pathToFileURL(path.join(PATHS.root, 'scripts', 'build.mjs')).href);
  await build.buildWidget();
  const otherOutputs = new Map<string, string>();
  for (const [name, fn] of Object.entries(build)) {
    if (!name.startsWith('build') || name === 'buildWidget' || name === 'buildServer' || typeof fn !== 'function')
      continue;
    const result = await (fn as () => Promise<{ metafile?: Metafile } | undefined>)();
    for (const output of Object.keys(result?.metafile?.outputs ?? {}))
      otherOutputs.set(path.resolve(PATHS.root, output), name);
  }
  return { otherOutputs };
}

function shippedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shippedFiles(full);
    return SHIPPED.test(entry.name) ? [full] : [];
  });
}

function sizesOf(file: string) {
  const bytes = fs.readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipBytes(bytes),
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const budgetKb = (bytes: number) => `≤ ${num(bytes / 1024)} KB`;
const plural = (files: readonly WeighedFile[]) => `${files.length} file${files.length === 1 ? '' : 's'}`;

/** Every file in dist/client with its sizes, then the budget's totals (scripts/widget-budget.ts, as `npm test` checks them). */
export async function measureWidgetWeight(builds: ClientBuilds): Promise<Row[]> {
  const dir = path.join(PATHS.root, 'dist', 'client');
  const files = shippedFiles(dir).sort();
  if (files.length === 0) return [row(PART, 'dist/client', 'nothing built')];
  const weight = weighWidget(dir);
  const readPostLive = new Set(weight.readPostLive.map((f) => f.file));
  const whenUsed = new Set(weight.lazyModules.flatMap((m) => m.files.map((f) => f.file)));
  const rows: Row[] = [];
  let allGzip = 0;
  for (const file of files) {
    const size = sizesOf(file);
    const name = path.relative(dir, file).split(path.sep).join('/');
    const otherBuild = builds.otherOutputs.get(file);
    allGzip += size.gzip;
    const role =
      name === FIRST_RENDER_SCRIPT
        ? ' (first render)'
        : readPostLive.has(name)
          ? ' (read, post, live)'
          : whenUsed.has(name)
            ? ' (when used)'
            : otherBuild
              ? ` (from ${otherBuild}, not the widget)`
              : '';
    rows.push(
      row(PART, `${name}${role}`, `${num(size.raw)} B raw · ${kb(size.gzip)} gzip · ${kb(size.brotli)} brotli`),
    );
  }
  const first = totalGzip(weight.firstRender);
  const live = totalGzip(weight.readPostLive);
  rows.push(
    row(
      PART,
      `first render (${plural(weight.firstRender)}), gzip -9`,
      `${kb(first)} (${num(first)} B)`,
      budgetKb(WIDGET_BUDGET.firstRenderBytes),
      first <= WIDGET_BUDGET.firstRenderBytes,
    ),
  );
  rows.push(
    row(
      PART,
      `read, post and live updates (${plural(weight.readPostLive)}: widget.js, the interactive module and its static imports), gzip -9`,
      `${kb(live)} (${num(live)} B)`,
      budgetKb(WIDGET_BUDGET.readPostLiveBytes),
      live <= WIDGET_BUDGET.readPostLiveBytes,
    ),
  );
  for (const lazy of weight.lazyModules) {
    const bytes = totalGzip(lazy.files);
    rows.push(
      row(
        PART,
        `${lazy.module} when used (${plural(lazy.files)}), gzip -9`,
        `${kb(bytes)} (${num(bytes)} B)`,
        budgetKb(WIDGET_BUDGET.lazyModuleBytes),
        bytes <= WIDGET_BUDGET.lazyModuleBytes,
      ),
    );
  }
  rows.push(row(PART, `all of dist/client (${files.length} files), gzip -9`, kb(allGzip)));
  return rows;
}
