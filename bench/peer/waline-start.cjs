// Starts the Waline peer listening on 127.0.0.1 only; its own start script listens on every interface.
// Run it with the folder where @waline/vercel is installed as the working directory: ThinkJS
// reads a command-line argument as a request path, so none may be passed.
const path = require('node:path');
const { createRequire } = require('node:module');

const entry = require.resolve('@waline/vercel/vanilla.js', { paths: [process.cwd()] });
const rootPath = path.dirname(entry);
const Application = createRequire(entry)('thinkjs');

new Application({ ROOT_PATH: rootPath, APP_PATH: path.join(rootPath, 'src'), proxy: true, env: 'production' }).run();
// Both are read when the server starts listening, which happens after run() returns.
globalThis.think.config('host', '127.0.0.1');
if (process.env.PORT) globalThis.think.config('port', Number(process.env.PORT));
