#!/usr/bin/env node
// The `parley` command: runs the built server (npm install builds it; so does npm run build).
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'server', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('parley: the server is not built yet. Run "npm install" (or "npm run build") first.\n');
  process.exit(1);
}
require(cli)
  .runCli(process.argv.slice(2))
  .then((code) => {
    if (code !== 0) process.exit(code);
  })
  .catch((err) => {
    process.stderr.write(`parley: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
