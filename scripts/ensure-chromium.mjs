// Makes sure the Chromium the browser tests drive is installed, so they never skip silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const HINT = 'sudo apt-get update && sudo apt-get install -y chromium';

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function run(command, args) {
  // Non-interactive: a debconf prompt would hang a CI run with no terminal.
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && hasAptGet()) {
  console.error(`Chromium is missing at ${CHROMIUM}; installing it with apt-get for the browser tests.`);
  if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', 'chromium']) && existsSync(CHROMIUM)) {
    process.exit(0);
  }
}

console.error(
  `The browser tests need Chromium at ${CHROMIUM}, and it is not installed. Install it with:\n\n  ${HINT}\n`,
);
process.exit(1);
