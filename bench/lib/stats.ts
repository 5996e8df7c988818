// Owns the small statistics every measurement reports: percentiles, medians, formatting of numbers.

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Thousands separators; `digits` decimals. */
export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds with a precision that suits the size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return `${num(value)} ms`;
  if (Math.abs(value) >= 10) return `${num(value, 1)} ms`;
  return `${num(value, 2)} ms`;
}

export function kb(bytes: number): string {
  return `${num(bytes / 1024, 1)} KB`;
}

export function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${num(ratio * 100)}%` : '–';
}

/** A high-resolution wall-clock time in ms that compares across processes on one machine. */
export function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}
