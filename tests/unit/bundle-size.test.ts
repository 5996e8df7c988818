// Checks the widget's weight budget (scripts/widget-budget.ts): the first render, reading with posting and live updates, and each module loaded only when used.
import fs from 'node:fs';
import path from 'node:path';
import {
  FIRST_RENDER_SCRIPT,
  INTERACTIVE_MODULE,
  WIDGET_BUDGET,
  totalGzip,
  weighWidget,
  type WeighedFile,
} from '../../scripts/widget-budget';

const CLIENT_DIR = path.join(__dirname, '..', '..', 'dist', 'client');
const KB = 1024;

describe('widget size budget', () => {
  const weight = weighWidget(CLIENT_DIR);

  afterAll(() => {
    const line = (label: string, raw: string, gzip: number | string) =>
      `${label.padEnd(56)} ${raw.padStart(8)} ${String(gzip).padStart(8)}`;
    const total = (label: string, files: WeighedFile[]) =>
      line(`${label} (${files.length} file${files.length === 1 ? '' : 's'})`, '', totalGzip(files));
    console.log(
      [
        line('file', 'raw', 'gzip -9'),
        ...weight.files.map((f) => line(f.file, String(f.raw), f.gzip)),
        total(`first render, budget ${WIDGET_BUDGET.firstRenderBytes}`, weight.firstRender),
        total(`read, post and live, budget ${WIDGET_BUDGET.readPostLiveBytes}`, weight.readPostLive),
        ...weight.lazyModules.map((m) =>
          total(`${m.module} when used, budget ${WIDGET_BUDGET.lazyModuleBytes}`, m.files),
        ),
      ].join('\n'),
    );
  });

  it('widget.js never pulls socket.io into the first render', () => {
    const source = fs.readFileSync(path.join(CLIENT_DIR, FIRST_RENDER_SCRIPT), 'utf8');
    expect(source).not.toMatch(/engine\.io|socket\.io/i);
  });

  it('states the budgets as the issue does: 15 KB, 30 KB and 6 KB', () => {
    expect(WIDGET_BUDGET).toEqual({ firstRenderBytes: 15 * KB, readPostLiveBytes: 30 * KB, lazyModuleBytes: 6 * KB });
  });

  it('the first render (widget.js alone) is at most 15 KB gzipped', () => {
    expect(weight.firstRender.map((f) => f.file)).toEqual([FIRST_RENDER_SCRIPT]);
    expect(totalGzip(weight.firstRender)).toBeLessThanOrEqual(WIDGET_BUDGET.firstRenderBytes);
  });

  it('reading, posting and live updates (widget.js, the interactive module and its static imports) are at most 30 KB gzipped', () => {
    expect(weight.readPostLive.map((f) => f.file)).toEqual(
      expect.arrayContaining([FIRST_RENDER_SCRIPT, INTERACTIVE_MODULE]),
    );
    expect(totalGzip(weight.readPostLive)).toBeLessThanOrEqual(WIDGET_BUDGET.readPostLiveBytes);
  });

  it('every module loaded only when used is at most 6 KB gzipped, with what it imports', () => {
    expect(weight.lazyModules.map((m) => m.module)).toContain('modules/lang-ar.js');
    const over = weight.lazyModules
      .filter((m) => totalGzip(m.files) > WIDGET_BUDGET.lazyModuleBytes)
      .map((m) => `${m.module}: ${totalGzip(m.files)} B`);
    expect(over).toEqual([]);
  });

  it('every built module is counted somewhere', () => {
    const counted = new Set([...weight.readPostLive, ...weight.lazyModules.flatMap((m) => m.files)].map((f) => f.file));
    expect(weight.files.map((f) => f.file).filter((f) => !counted.has(f))).toEqual([]);
  });
});
