// Owns watching a server process from inside while a load runs: where its time goes and how long requests wait for its event loop.
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

/** A distribution reduced to what the table shows, in milliseconds. */
export interface Spread {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Sum of every sample: time spent, for work timed from start to end. */
  totalMs: number;
}

/** What the probes saw since the previous reading. */
export interface ProbeReading {
  /** Wall time the reading covers. */
  elapsedMs: number;
  /** How late the event loop came back to a timer, sampled continuously (perf_hooks.monitorEventLoopDelay, less its sampling interval). */
  eventLoopDelay: Spread;
  /** From Node's `request` event to the answer's last byte handed to the socket, for each POST. */
  postHandling: Spread;
  /** Each run of named synchronous work (a broadcast flush, a group commit, a log line). */
  work: Record<string, Spread>;
  /** Garbage collection pauses. */
  gc: Spread;
}

/** Nearest-rank percentile of samples already sorted. */
function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function spreadOf(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: rank(sorted, 50),
    p99Ms: rank(sorted, 99),
    maxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
    totalMs: sorted.reduce((a, b) => a + b, 0),
  };
}

/** The sampling interval of the event loop's delay, in ms: the histogram holds each interval whole, this included. */
export const DELAY_RESOLUTION_MS = 10;

function delaySpread(histogram: IntervalHistogram): Spread {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS);
  return {
    count: histogram.count,
    p50Ms: histogram.count === 0 ? NaN : ms(histogram.percentile(50)),
    p99Ms: histogram.count === 0 ? NaN : ms(histogram.percentile(99)),
    maxMs: histogram.count === 0 ? NaN : ms(histogram.max),
    totalMs: NaN,
  };
}

export interface ServerProbes {
  /**
   * Times every call of `owner.prototype[method]` under `name`. Only for synchronous methods:
   * the time is until the call returns.
   */
  timeMethod(name: string, owner: { prototype: object }, method: string): void;
  /** What was seen since the previous reading (or the start), and starts over. */
  read(): ProbeReading;
}

/** The same reading for any process's own histogram (the load generator's). */
export function eventLoopDelayOf(histogram: IntervalHistogram): Spread {
  return delaySpread(histogram);
}

/** Starts the probes: from now on the process keeps one histogram and a few lists of samples. */
export function startServerProbes(): ServerProbes {
  // The delay measured is how late a timer fires: the wait a request queued behind other
  // work has on top of its own handling.
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  let startedMs = performance.now();
  let postHandling: number[] = [];
  let gc: number[] = [];
  let work = new Map<string, number[]>();

  const started = new WeakMap<IncomingMessage, number>();
  diagnosticsChannel.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    if (request.method === 'POST') started.set(request, performance.now());
  });
  diagnosticsChannel.subscribe('http.server.response.finish', (message) => {
    const { request } = message as { request: IncomingMessage; response: ServerResponse };
    const at = started.get(request);
    if (at !== undefined) postHandling.push(performance.now() - at);
  });

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gc.push(entry.duration);
  }).observe({ entryTypes: ['gc'] });

  return {
    timeMethod(name, owner, method) {
      const proto = owner.prototype as Record<string, unknown>;
      const original = proto[method];
      if (typeof original !== 'function') throw new Error(`cannot time ${name}: ${method} is not a method`);
      if (!work.has(name)) work.set(name, []);
      proto[method] = function timed(this: unknown, ...args: unknown[]) {
        const at = performance.now();
        const note = () => work.get(name)?.push(performance.now() - at);
        let result: unknown;
        try {
          result = (original as (...a: unknown[]) => unknown).apply(this, args);
        } catch (err) {
          note();
          throw err;
        }
        // An asynchronous method is timed until it settles (a group commit runs its units that way).
        if (result instanceof Promise) return result.finally(note);
        note();
        return result;
      };
    },
    read() {
      const nowMs = performance.now();
      const reading: ProbeReading = {
        elapsedMs: nowMs - startedMs,
        eventLoopDelay: delaySpread(delay),
        postHandling: spreadOf(postHandling),
        work: Object.fromEntries([...work].map(([name, samples]) => [name, spreadOf(samples)])),
        gc: spreadOf(gc),
      };
      delay.reset();
      startedMs = nowMs;
      postHandling = [];
      gc = [];
      work = new Map([...work.keys()].map((name) => [name, []]));
      return reading;
    },
  };
}
