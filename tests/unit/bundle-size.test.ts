// Checks the widget's weight budget: what the first render loads, and everything the widget can ever load.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const CLIENT_DIR = path.join(__dirname, '..', '..', 'dist', 'client');
const MODULES_DIR = path.join(CLIENT_DIR, 'modules');
const KB = 1024;
const FIRST_RENDER_BUDGET = 15 * KB;
const TOTAL_BUDGET = 30 * KB;

interface Weight {
  file: string;
  raw: number;
  gzip: number;
}

function weigh(file: string): Weight {
  const bytes = fs.readFileSync(path.join(CLIENT_DIR, file));
  return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

/** Chunks a module imports statically (`from"./chunk-X.js"`), which load with it. */
function staticImportsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(CLIENT_DIR, file), 'utf8');
  const found = [...source.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)].map((m) => `modules/${m[1]}`);
  return [...new Set(found.flatMap((f) => [f, ...staticImportsOf(f)]))];
}

const sum = (weights: Weight[]) => weights.reduce((total, w) => total + w.gzip, 0);

describe('widget size budget', () => {
  const all = [weigh('widget.js'), ...fs.readdirSync(MODULES_DIR).filter((f) => f.endsWith('.js')).map((f) => weigh(`modules/${f}`))];
  // On an English page the first render is the script alone: the live part is imported after it.
  const firstRender = [weigh('widget.js')];
  // On an Arabic page the catalog (and what it imports) loads before the first render too.
  const firstRenderArabic = [weigh('widget.js'), ...['modules/lang-ar.js', ...staticImportsOf('modules/lang-ar.js')].map(weigh)];

  afterAll(() => {
    const rows = all.map((w) => `${w.file.padEnd(32)} ${String(w.raw).padStart(8)} ${String(w.gzip).padStart(8)}`);
    console.log(
      [
        `${'file'.padEnd(32)} ${'raw'.padStart(8)} ${'gzip -9'.padStart(8)}`,
        ...rows,
        `${'first render (English)'.padEnd(32)} ${''.padStart(8)} ${String(sum(firstRender)).padStart(8)}`,
        `${'first render (Arabic)'.padEnd(32)} ${''.padStart(8)} ${String(sum(firstRenderArabic)).padStart(8)}`,
        `${'everything'.padEnd(32)} ${''.padStart(8)} ${String(sum(all)).padStart(8)}`,
      ].join('\n'),
    );
  });

  it('widget.js never pulls socket.io into the first render', () => {
    const source = fs.readFileSync(path.join(CLIENT_DIR, 'widget.js'), 'utf8');
    expect(source).not.toMatch(/engine\.io|socket\.io/i);
  });

  it(`the demo page's first render loads at most ${FIRST_RENDER_BUDGET / KB} KB gzipped`, () => {
    expect(sum(firstRender)).toBeLessThanOrEqual(FIRST_RENDER_BUDGET);
  });

  it(`everything the widget can load is at most ${TOTAL_BUDGET / KB} KB gzipped`, () => {
    expect(sum(all)).toBeLessThanOrEqual(TOTAL_BUDGET);
  });
});
