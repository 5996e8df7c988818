// Serves captured response bytes from memory with bare node:http: the ceiling a Parley read is compared to.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Canned {
  body: Buffer;
  contentType: string;
}

const canned = new Map<string, Canned>();

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

const server = http.createServer((req, res) => {
  const answer = canned.get(req.url ?? '');
  if (!answer) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length });
  res.end(answer.body);
});

process.on('message', (request: { type: string; id?: number; path?: string; file?: string; contentType?: string }) => {
  if (request.type !== 'serve' || !request.path || !request.file) return;
  // The bytes travel through a file: a whole-thread answer can be tens of megabytes.
  canned.set(request.path, {
    body: fs.readFileSync(request.file),
    contentType: request.contentType ?? 'application/json',
  });
  send({ type: 'serving', id: request.id });
});

process.once('SIGTERM', () => process.exit(0));
process.once('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
