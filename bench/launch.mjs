// Entry of `npm run bench`: bundles the benchmark (TypeScript, with the server sources it drives) and runs it.
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
// Inside the package, so the bundled server finds its migrations, demo page and widget as it does in dist/server.
const outdir = path.join(benchDir, '..', 'dist', 'bench');

const children = readdirSync(path.join(benchDir, 'children'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join(benchDir, 'children', name));

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join(benchDir, 'run.ts'), ...children],
  outdir,
  outbase: benchDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Dependencies load from node_modules as usual; only project sources are bundled.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

process.setSourceMapsEnabled(true);
const { main } = createRequire(import.meta.url)(path.join(outdir, 'run.js'));
// Exit explicitly: keep-alive sockets and timers of the parts must not hold the command open.
process.exit(await main(process.argv.slice(2)));
