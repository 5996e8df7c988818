// Owns the one result table: rows from every part, a target beside each figure, and a pass/miss mark.

export type Mark = 'pass' | 'MISS' | '';

export interface Row {
  part: string;
  measurement: string;
  figure: string;
  target: string;
  mark: Mark;
}

/** null means "not measured": no mark rather than a miss. */
export function markOf(isMet: boolean | null): Mark {
  if (isMet === null) return '';
  return isMet ? 'pass' : 'MISS';
}

export function row(part: string, measurement: string, figure: string, target = '', isMet: boolean | null = null): Row {
  return { part, measurement, figure, target, mark: markOf(target === '' ? null : isMet) };
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown table, padded so it also reads well in a terminal. */
export function renderTable(heading: string, rows: readonly Row[]): string {
  const header = ['part', 'measurement', 'figure', 'target', 'mark'];
  const cells = rows.map((r) => [r.part, r.measurement, r.figure, r.target, r.mark].map(escapeCell));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [heading, '', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join(
    '\n',
  );
}
