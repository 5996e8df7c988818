// Owns a benchmark run: which parts run, in what order, with what guarantees on exit, and the one table.
import os from 'node:os';
import { measureFanOut } from './fan-out';
import { measureFirstRender } from './first-render';
import { measureMail } from './mail';
import { stopBenchPostgres } from './lib/bench-postgres';
import { measureNodes } from './nodes';
import { measurePostgresReads, measurePostgresWrites } from './postgres-engine';
import { measurePacedLoad } from './paced-load';
import { parseOptions, USAGE, type BenchOptions, type PartName } from './lib/options';
import { killEverything } from './lib/processes';
import { note } from './lib/progress';
import { measureWaline } from './peer/waline';
import { renderTable, row, type Row } from './table';
import { measureThreadReads } from './thread-reads';
import { buildClient, measureWidgetWeight, type ClientBuilds } from './widget-weight';
import { measureWrites } from './writes';

const LABELS: Record<PartName, string> = {
  weight: '1 widget weight',
  render: '2 first render',
  reads: '3 thread reads',
  writes: '4 writes',
  fanout: '5 fan-out',
  load: '6 load',
  peer: '7 peer (Waline)',
  'pg-reads': '8 PostgreSQL reads',
  'pg-writes': '9 PostgreSQL writes',
  nodes: '10 nodes',
  mail: '11 mail',
};

function heading(options: BenchOptions, loadBefore: number, loadAfter: number): string {
  const cpus = os.cpus();
  // Only the figure from before counts: afterwards it includes the benchmark's own processes.
  const isBusy = loadBefore > cpus.length * 0.5;
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return [
    `## Parley benchmark: ${cpus.length} cores (${model}), Node ${process.version}, ${os.platform()} ${os.arch()}`,
    '',
    `${options.isQuick ? 'Quick run (indicative only)' : 'Full run'}: ${options.durationS} s of Parley per read cell and write measurement, in runs alternating with the bare server's; ` +
      `paced load ${options.loadDurationS} s; server log level ${options.logLevel}, ` +
      'each simulated writer has its own token and X-Forwarded-For address (the server trusts the proxy header), ' +
      `everything on 127.0.0.1. KB = 1,024 bytes.` +
      (options.engine === 'postgres'
        ? ` PostgreSQL parts: a throwaway local PostgreSQL (scripts/postgres.mjs) with ${
            Object.keys(options.pgSettings).length === 0
              ? 'its default settings (fsync and synchronous_commit on)'
              : Object.entries(options.pgSettings)
                  .map(([name, value]) => `${name}=${value}`)
                  .join(', ')
          }, sharing the machine with Parley; ${options.nodes} nodes for the nodes part.`
        : ''),
    // Other work on the machine takes CPU from the servers and the load generators alike.
    `Load average (1 min) before the run ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}` +
      (isBusy ? ': the machine was already busy with other work, so these figures understate what it can do.' : '.'),
  ].join('\n');
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].slice(0, 200);
}

export async function main(argv: string[]): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`bench: ${describe(err)}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    process.stdout.write(USAGE);
    return 0;
  }

  // Every child's output is piped to our stderr, and the nodes part has a dozen children at once.
  process.stderr.setMaxListeners(50);
  // Whatever happens (an error, Ctrl+C), no server, reader or peer outlives the run.
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      note(`${signal}: stopping everything`);
      process.exit(130);
    });
  }

  const loadBefore = os.loadavg()[0];
  const rows: Row[] = [];
  const timings: string[] = [];
  let failures = 0;
  const parts = options.parts;

  let builds: ClientBuilds | null = null;
  let buildError: unknown = null;
  if (parts.has('weight') || parts.has('render')) {
    note('building the widget');
    try {
      builds = await buildClient();
    } catch (err) {
      buildError = err;
    }
  }

  const run: Record<PartName, () => Promise<Row[]>> = {
    weight: () => {
      if (buildError || !builds) throw buildError ?? new Error('the widget was not built');
      return measureWidgetWeight(builds);
    },
    render: () => {
      if (buildError) throw buildError;
      return measureFirstRender(options);
    },
    reads: () => measureThreadReads(options),
    writes: () => measureWrites(options),
    fanout: () => measureFanOut(options),
    load: () => measurePacedLoad(options),
    peer: () => measureWaline(options),
    'pg-reads': () => measurePostgresReads(options),
    'pg-writes': () => measurePostgresWrites(options),
    nodes: () => measureNodes(options),
    mail: () => measureMail(options),
  };

  for (const part of Object.keys(LABELS) as PartName[]) {
    if (!parts.has(part)) continue;
    note(`${LABELS[part]}: starting`);
    const startedMs = performance.now();
    try {
      rows.push(...(await run[part]()));
    } catch (err) {
      failures++;
      note(`${LABELS[part]} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      rows.push(row(LABELS[part], 'failed', describe(err)));
    }
    const seconds = (performance.now() - startedMs) / 1000;
    timings.push(`${LABELS[part].replace(/^\d+ /, '')} ${seconds.toFixed(0)} s`);
    note(`${LABELS[part]}: done in ${seconds.toFixed(1)} s`);
  }
  stopBenchPostgres();

  rows.push(row('time', 'per part', timings.join(' · ')));
  process.stdout.write(`\n${renderTable(heading(options, loadBefore, os.loadavg()[0]), rows)}\n`);
  return failures === 0 ? 0 : 1;
}
