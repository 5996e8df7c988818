// Owns where Parley's own files are, whether running from source or from the built dist/.
import fs from 'node:fs';
import path from 'node:path';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'migrations'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Cannot find Parley's package folder above ${start}`);
    dir = up;
  }
}

const root = findPackageRoot(__dirname);

export const PATHS = Object.freeze({
  root,
  /** Each engine's numbered schema migrations. */
  migrations: path.join(root, 'migrations', 'sqlite'),
  postgresMigrations: path.join(root, 'migrations', 'postgres'),
  widgetBundle: path.join(root, 'dist', 'client', 'widget.js'),
  adminBundle: path.join(root, 'dist', 'client', 'admin.js'),
  countsBundle: path.join(root, 'dist', 'client', 'counts.js'),
  /** ES module chunks the widget imports after its first render. */
  widgetModules: path.join(root, 'dist', 'client', 'modules'),
});
