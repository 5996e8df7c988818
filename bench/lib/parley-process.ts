// Owns running Parley in a child process for a measurement: start on a seeded file, ask it questions, stop it.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PATHS } from '../../server/paths';
import type { ProbeReading } from './server-probes';
import { ask, forkChild, nextMessage, stopProcess, type ChildMessage } from './processes';

export interface MemoryReading extends ChildMessage {
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

export interface LoadReading extends ChildMessage {
  /** Share of wall time the server's event loop was busy since the previous reading. */
  eventLoopBusy: number;
  cpuMs: number;
}

export interface ParleyProcess {
  url: string;
  child: ChildProcess;
  memory(): Promise<MemoryReading>;
  load(): Promise<LoadReading>;
  /** What the server's probes saw since the previous call (see server-probes). */
  probes(): Promise<ProbeReading>;
  stop(): Promise<void>;
}

export interface ServerRunOptions {
  logLevel: string;
  /** When set, the server writes a V8 CPU profile there on exit. */
  profileDir?: string;
  /** When set, the server keeps its data in this PostgreSQL database instead of the SQLite file. */
  databaseUrl?: string;
}

/** The Node flags `npm start` runs the server with, so the benchmark measures the same process. */
export function startFlags(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(PATHS.root, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const words = (manifest.scripts?.start ?? '').split(/\s+/);
  const script = words.indexOf('bin/parley.js');
  if (words[0] !== 'node' || script < 0)
    throw new Error(`cannot read the Node flags of "npm start": ${manifest.scripts?.start}`);
  return words.slice(1, script);
}

export async function startParleyProcess(dbPath: string, options: ServerRunOptions): Promise<ParleyProcess> {
  const execArgv = ['--expose-gc', ...startFlags()];
  if (options.profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
  const child = forkChild('parley-server', {
    env: {
      BENCH_DB_PATH: dbPath,
      BENCH_LOG_LEVEL: options.logLevel,
      ...(options.databaseUrl === undefined ? {} : { BENCH_DATABASE_URL: options.databaseUrl }),
    },
    execArgv,
  });
  try {
    const ready = await nextMessage<ChildMessage & { url: string }>(
      child,
      (m) => m.type === 'ready' || m.type === 'failed',
      60_000,
      'starting Parley',
    );
    return {
      url: ready.url,
      child,
      memory: () => ask<MemoryReading>(child, { type: 'memory' }, 30_000),
      load: () => ask<LoadReading>(child, { type: 'load' }, 30_000),
      probes: async () =>
        (await ask<ChildMessage & { reading: ProbeReading }>(child, { type: 'probes' }, 30_000)).reading,
      stop: () => stopProcess(child, 5_000),
    };
  } catch (err) {
    await stopProcess(child, 1_000);
    throw err;
  }
}
