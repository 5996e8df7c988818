// Owns plain HTTP calls of the benchmark itself (probes, seeding through the API, captures).
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to the last byte of the answer. */
  elapsedMs: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const startedMs = performance.now();
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          elapsedMs: performance.now() - startedMs,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export function json(answer: HttpAnswer): any {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return null;
  }
}

export function postJson(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
}

/** An error body's code, if the answer is Parley's error shape. */
export function errorCodeOf(answer: HttpAnswer): string | null {
  const parsed = json(answer);
  return typeof parsed?.error?.code === 'string' ? parsed.error.code : null;
}

/**
 * Waits until the server answers a cheap request quickly again: work queued by a load run
 * (requests the load generator gave up on) must not spill into the next measurement.
 */
export async function waitUntilIdle(url: string, maxWaitMs = 60_000, quickMs = 50): Promise<boolean> {
  const deadline = Date.now() + maxWaitMs;
  while (Date.now() < deadline) {
    try {
      const answer = await request(url, { timeoutMs: maxWaitMs });
      if (answer.elapsedMs < quickMs) return true;
    } catch {
      // Refused or slow: keep waiting until the deadline.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
