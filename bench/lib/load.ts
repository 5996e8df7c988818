// Owns driving HTTP load with autocannon and reducing each run to the figures the table shows.
import autocannon from 'autocannon';
import { percentile } from './stats';

export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called for every request: lets each one carry a unique body or token. */
  nextRequest?: () => { path?: string; body?: string; headers?: Record<string, string> };
  /** Which status counts as done; 2xx when not given. */
  okStatus?: number;
}

export interface LoadResult {
  okCount: number;
  /** Done requests per second of run time. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failedCount: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  durationS: number;
  /** Every response's latency, for merging runs. */
  latenciesMs: number[];
}

/** One bounded run. Latencies come from every response, at full (sub-millisecond) precision. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const base = { method: spec.method ?? 'GET', headers: spec.headers, body: spec.body };
  const next = spec.nextRequest;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: Math.max(10, spec.durationS * 2),
    requests: [
      next
        ? {
            ...base,
            setupRequest: (request) => {
              const extra = next();
              return {
                ...request,
                ...(extra.path === undefined ? {} : { path: extra.path }),
                ...(extra.body === undefined ? {} : { body: extra.body }),
                headers: { ...request.headers, ...extra.headers },
              };
            },
          }
        : base,
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    latencies.push(responseTimeMs);
  });
  const result = await instance;
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = Number(stat.count);
  const okCount = spec.okStatus
    ? (statusCounts[String(spec.okStatus)] ?? 0)
    : Object.entries(statusCounts).reduce((sum, [code, count]) => (code.startsWith('2') ? sum + count : sum), 0);
  const allCount = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    okCount,
    okPerSecond: okCount / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failedCount: allCount - okCount,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    latenciesMs: latencies,
  };
}

/** Several runs of one request as if they were one: counts and time added, percentiles over every response. */
export function mergeLoads(results: readonly LoadResult[]): LoadResult {
  const latenciesMs = results.flatMap((r) => r.latenciesMs);
  const statusCounts: Record<string, number> = {};
  for (const r of results)
    for (const [code, count] of Object.entries(r.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + count;
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const okCount = sum((r) => r.okCount);
  const durationS = sum((r) => r.durationS);
  return {
    okCount,
    okPerSecond: okCount / durationS,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    failedCount: sum((r) => r.failedCount),
    statusCounts,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    durationS,
    latenciesMs,
  };
}

/**
 * Runs the specs in turn, `rounds` times (A B, B A, A B, …), each for its own `durationS`, and
 * merges each spec's runs. The machine's speed drifts by more than the differences sought
 * (other work starts and stops), and in alternating rounds the drift falls on every spec
 * alike. `between` runs after every run of a spec (to let its server settle).
 */
export async function alternatingLoads(
  specs: readonly LoadSpec[],
  rounds: number,
  between?: (spec: number) => Promise<void>,
): Promise<LoadResult[]> {
  const runs: LoadResult[][] = specs.map(() => []);
  const order = specs.map((_, i) => i);
  for (let round = 0; round < rounds; round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      runs[i].push(await runLoad(specs[i]));
      await between?.(i);
    }
  }
  return runs.map(mergeLoads);
}
