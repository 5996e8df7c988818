// `npm run pg:start`: a throwaway PostgreSQL for trying Parley on PostgreSQL, or several nodes,
// by hand. Starts a cluster in a temporary folder on a free loopback port, prints its URL and
// how to start nodes on it, and removes everything when stopped (Ctrl-C).
import { PostgresUnavailable, startPostgres } from './postgres.mjs';

let server;
try {
  server = await startPostgres();
} catch (err) {
  if (err instanceof PostgresUnavailable) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

console.log(`PostgreSQL is running for Parley (data in ${server.dir}, removed when stopped).

  PARLEY_DATABASE_URL=${server.url}

Start as many nodes as you like on it, each on its own port:

  PARLEY_DATABASE_URL=${server.url} PORT=3001 npx parley serve
  PARLEY_DATABASE_URL=${server.url} PORT=3002 npx parley serve

Press Ctrl-C to stop PostgreSQL and remove its data.`);

let isStopping = false;
function stop() {
  if (isStopping) return;
  isStopping = true;
  server.stop();
  console.log('PostgreSQL stopped; its data is removed.');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Keeps the process alive until a signal arrives.
setInterval(() => {}, 1 << 30);
