// Runs one Parley server in a process of its own, so load generators and readers never share its thread.
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { loadConfig } from '../../server/config';
import { GroupCommit } from '../../server/db/sqlite/group-commit';
import { createLogger } from '../../server/log/logger';
import { startParley } from '../../server/main';
import { spreadOf, startServerProbes } from '../lib/server-probes';

interface Request {
  type: string;
  id?: number;
}

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const dbPath = process.env.BENCH_DB_PATH;
  if (!dbPath) throw new Error('BENCH_DB_PATH is not set');
  // Read through the product's own config reader, so new settings keep their defaults.
  const config = loadConfig({
    PORT: '0',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DB_PATH: dbPath,
    PARLEY_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    PARLEY_DEMO: 'true',
    PARLEY_SHUTDOWN_TIMEOUT_MS: '1000',
    // As behind a reverse proxy: each simulated reader's requests carry an address of its own,
    // so per-address limits and abuse checks see many readers, not one attacker.
    PARLEY_TRUST_PROXY: 'true',
    ...(process.env.BENCH_DATABASE_URL ? { PARLEY_DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  // Where the server's time goes under load: each broadcast to a room or a part of one (the
  // socket writes, however the server batches them), the commits, each log line written (as
  // the product writes them, to stdout, here a pipe to the benchmark).
  const probes = startServerProbes();
  // socket.io does not export the class of `io.to(room)`: a server attached to nothing shows it.
  probes.timeMethod('broadcast', new Server().to('probe').constructor as { prototype: object }, 'emit');
  probes.timeMethod('group commit', GroupCommit, 'commit');
  const logLines: number[] = [];
  const logger = createLogger(config.logLevel, (line) => {
    const at = performance.now();
    process.stdout.write(line + '\n');
    logLines.push(performance.now() - at);
  });
  const server = await startParley(config, { logger });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();

  process.on('message', (request: Request) => {
    if (request.type === 'memory') {
      // Collect twice: the second pass frees what the first one's finalizers released.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      const usage = process.memoryUsage();
      send({
        type: 'memory',
        id: request.id,
        rssBytes: usage.rss,
        heapUsedBytes: usage.heapUsed,
        externalBytes: usage.external,
      });
    } else if (request.type === 'load') {
      // Busy share of the event loop and CPU time since the previous 'load' question.
      const nextElu = performance.eventLoopUtilization();
      const nextCpu = process.cpuUsage();
      const busy = performance.eventLoopUtilization(nextElu, elu).utilization;
      const cpuMs = (nextCpu.user - cpu.user + nextCpu.system - cpu.system) / 1000;
      elu = nextElu;
      cpu = nextCpu;
      send({ type: 'load', id: request.id, eventLoopBusy: busy, cpuMs });
    } else if (request.type === 'probes') {
      const reading = probes.read();
      reading.work['log line'] = spreadOf(logLines.splice(0));
      send({ type: 'probes', id: request.id, reading });
    }
  });

  let isStopping = false;
  const stop = () => {
    if (isStopping) return;
    isStopping = true;
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  // The benchmark went away without stopping us: do not linger.
  process.once('disconnect', stop);
  send({ type: 'ready', url: `http://127.0.0.1:${server.port}` });
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100);
});
