// Owns the command-line flags of `npm run bench` and the defaults of a full and a quick run.
import { parseArgs } from 'node:util';

export const PARTS = [
  'weight',
  'render',
  'reads',
  'writes',
  'fanout',
  'load',
  'peer',
  'pg-reads',
  'pg-writes',
  'nodes',
  'mail',
] as const;
export type PartName = (typeof PARTS)[number];

/** Parts that measure the PostgreSQL engine: they run only with --engine postgres. */
export const POSTGRES_PARTS: readonly PartName[] = ['pg-reads', 'pg-writes', 'nodes'];
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface BenchOptions {
  isQuick: boolean;
  parts: ReadonlySet<PartName>;
  /** postgres: also run the PostgreSQL parts, on a throwaway server started for the run. */
  engine: Engine;
  /** Parley processes on one PostgreSQL for the nodes part. */
  nodes: number;
  /** Live readers spread over the nodes. */
  nodeReaders: number;
  /** Server settings for the throwaway PostgreSQL (name -> value), e.g. synchronous_commit. */
  pgSettings: Record<string, string>;
  /** Parley's time in each read cell and write measurement (split into runs alternating with the bare server's), and each peer run. */
  durationS: number;
  readSizes: number[];
  readConnections: number[];
  writeConnections: number;
  writeReaders: number;
  fanoutReaders: number[];
  fanoutPosts: number;
  readerProcesses: number;
  /** The paced load: live readers, posts a second, its length, and readers joining at once. */
  loadReaders: number;
  loadRate: number;
  loadDurationS: number;
  joinReaders: number;
  renderRuns: number;
  renderComments: number;
  peerComments: number;
  peerTopLevel: number;
  logLevel: string;
  profileDir: string | undefined;
  peerDir: string | undefined;
}

const POSTGRES_PARTS_TEXT = POSTGRES_PARTS.join(', ');

export const USAGE = `Usage: npm run bench -- [options]

  --quick                 shorter runs and smaller sizes, for a fast check
  --no-peer               skip the side-by-side run against Waline
  --only=PART,...         run only these parts: ${PARTS.join(', ')}
  --duration=SECONDS      Parley's share of each read cell and write run, split in alternating
                          runs with the bare server's (default 5, quick 2)
  --sizes=N,N,N           thread sizes for reads (default 10,10000,100000)
  --connections=N,N       connections for reads (default 10,100)
  --readers=N             live readers connected during writes (default 100)
  --fanout=N,N            live readers for fan-out (default 1000,5000)
  --posts=N               posts timed per fan-out size (default 20)
  --reader-processes=N    processes the fan-out and load readers are spread over (default 2)
  --load-readers=N        live readers during the paced load (default 1000)
  --load-rate=N           posts a second during the paced load (default 50)
  --load-duration=SECONDS length of the paced load (default 30, quick 10)
  --join-readers=N        readers connecting and joining at once (default 2000)
  --render-runs=N         timed page loads for first render (default 7, at least 5)
  --log-level=LEVEL       server log level during the runs (default warn)
  --profile=DIR           write a V8 CPU profile of every Parley server process to DIR
  --peer-dir=DIR          where Waline is installed (default: <temp>/parley-bench-waline)
  --engine=ENGINE         sqlite (default) or postgres: postgres adds the parts ${POSTGRES_PARTS_TEXT}
                          on a throwaway PostgreSQL started for the run (the other parts stay on SQLite)
  --nodes=N               Parley processes on one PostgreSQL for the nodes part (default 3)
  --node-readers=N        live readers spread over the nodes (default 3000, quick 300)
  --pg-settings=N=V,...   settings for the throwaway PostgreSQL (default: its own defaults),
                          e.g. --pg-settings=synchronous_commit=off
  --help                  this text
`;

function list(raw: string | undefined, fallback: number[], name: string): number[] {
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`--${name} takes whole numbers separated by commas, got "${raw}"`);
  }
  return values;
}

function count(raw: string | undefined, fallback: number, name: string, min = 1): number {
  return raw === undefined ? fallback : Math.max(min, list(raw, [fallback], name)[0]);
}

/** Parses flags; returns null when help was asked for. Throws on a bad flag. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      'no-peer': { type: 'boolean' },
      only: { type: 'string' },
      duration: { type: 'string' },
      sizes: { type: 'string' },
      connections: { type: 'string' },
      readers: { type: 'string' },
      fanout: { type: 'string' },
      posts: { type: 'string' },
      'reader-processes': { type: 'string' },
      'load-readers': { type: 'string' },
      'load-rate': { type: 'string' },
      'load-duration': { type: 'string' },
      'join-readers': { type: 'string' },
      'render-runs': { type: 'string' },
      'log-level': { type: 'string' },
      profile: { type: 'string' },
      'peer-dir': { type: 'string' },
      engine: { type: 'string' },
      nodes: { type: 'string' },
      'node-readers': { type: 'string' },
      'pg-settings': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const isQuick = values.quick === true;

  const engine = (values.engine ?? 'sqlite') as Engine;
  if (!(ENGINES as readonly string[]).includes(engine))
    throw new Error(`--engine takes ${ENGINES.join(' or ')}, got "${values.engine}"`);
  let parts = new Set<PartName>(PARTS.filter((p) => engine === 'postgres' || !POSTGRES_PARTS.includes(p)));
  if (values.only !== undefined) {
    const asked = values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = asked.filter((p) => !(PARTS as readonly string[]).includes(p));
    if (unknown.length > 0) throw new Error(`--only: unknown part "${unknown[0]}" (parts: ${PARTS.join(', ')})`);
    parts = new Set(asked as PartName[]);
    const needsPostgres = asked.filter((p) => (POSTGRES_PARTS as readonly string[]).includes(p));
    if (needsPostgres.length > 0 && engine !== 'postgres')
      throw new Error(`--only: ${needsPostgres[0]} measures PostgreSQL; add --engine postgres`);
  }
  if (values['no-peer']) parts.delete('peer');

  const duration = values.duration === undefined ? (isQuick ? 2 : 5) : Number(values.duration);
  if (!(duration > 0 && duration <= 120))
    throw new Error(`--duration takes seconds between 0 and 120, got "${values.duration}"`);

  const pgSettings: Record<string, string> = {};
  for (const pair of (values['pg-settings'] ?? '').split(',').filter(Boolean)) {
    const match = /^([a-z_]+)=([\w.-]+)$/.exec(pair.trim());
    if (match === null) throw new Error(`--pg-settings takes name=value pairs separated by commas, got "${pair}"`);
    pgSettings[match[1]] = match[2];
  }

  return {
    isQuick,
    parts,
    engine,
    pgSettings,
    nodes: count(values.nodes, 3, 'nodes'),
    nodeReaders: count(values['node-readers'], isQuick ? 300 : 3_000, 'node-readers'),
    durationS: duration,
    readSizes: list(values.sizes, isQuick ? [10, 1_000, 10_000] : [10, 10_000, 100_000], 'sizes'),
    readConnections: list(values.connections, [10, 100], 'connections'),
    writeConnections: 10,
    writeReaders: count(values.readers, 100, 'readers'),
    fanoutReaders: list(values.fanout, isQuick ? [200, 1_000] : [1_000, 5_000], 'fanout'),
    fanoutPosts: count(values.posts, isQuick ? 10 : 20, 'posts'),
    readerProcesses: count(values['reader-processes'], 2, 'reader-processes'),
    loadReaders: count(values['load-readers'], 1_000, 'load-readers'),
    loadRate: count(values['load-rate'], 50, 'load-rate'),
    loadDurationS: count(values['load-duration'], isQuick ? 10 : 30, 'load-duration'),
    joinReaders: count(values['join-readers'], 2_000, 'join-readers'),
    renderRuns: count(values['render-runs'], isQuick ? 5 : 7, 'render-runs', 5),
    renderComments: 500,
    peerComments: 1_000,
    peerTopLevel: 200,
    logLevel: values['log-level'] ?? 'warn',
    profileDir: values.profile,
    peerDir: values['peer-dir'],
  };
}
