// Owns the baseline server: bare node:http answering captured bytes from memory, in its own process.
import fs from 'node:fs';
import path from 'node:path';
import { ask, forkChild, nextMessage, stopProcess, type ChildMessage } from './processes';

export interface BaselineProcess {
  url: string;
  /** Serves `body` at `urlPath` from now on. */
  serve(urlPath: string, body: Buffer, contentType: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBaselineProcess(scratchDir: string): Promise<BaselineProcess> {
  const child = forkChild('baseline-server');
  const ready = await nextMessage<ChildMessage & { url: string }>(
    child,
    (m) => m.type === 'ready',
    30_000,
    'starting the baseline server',
  );
  let fileSeq = 0;
  return {
    url: ready.url,
    async serve(urlPath, body, contentType) {
      const file = path.join(scratchDir, `baseline-${++fileSeq}.bin`);
      fs.writeFileSync(file, body);
      await ask(child, { type: 'serve', path: urlPath, file, contentType }, 30_000);
      fs.rmSync(file, { force: true });
    },
    stop: () => stopProcess(child, 2_000),
  };
}
