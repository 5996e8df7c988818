// Owns the bare realtime server (node:http, one prepared insert per write, socket.io) in its own process: start it, replay a broadcast, stop it.
import path from 'node:path';
import { postJson } from './http';
import { forkChild, nextMessage, stopProcess, type ChildMessage } from './processes';

export interface BareRealtimeProcess {
  url: string;
  /** Where posts go: JSON like Parley's, each answered 201 once committed. */
  postUrl: string;
  /** Where a vote on `commentId` goes. */
  votePath(commentId: number): string;
  /** Sends one message, as Parley sent it, to every reader of this server; resolves on its 201. */
  broadcast(event: string, args: unknown[]): Promise<void>;
  stop(): Promise<void>;
}

/** The page id readers join here: this server has one thread, whatever they ask for. */
export const BARE_PAGE_ID = 'bare';

export async function startBareRealtimeProcess(scratchDir: string, execArgv: string[]): Promise<BareRealtimeProcess> {
  const child = forkChild('bare-realtime-server', {
    env: { BENCH_DB_PATH: path.join(scratchDir, 'bare.db') },
    execArgv,
  });
  try {
    const ready = await nextMessage<ChildMessage & { url: string }>(
      child,
      (m) => m.type === 'ready',
      30_000,
      'starting the bare realtime server',
    );
    const url = ready.url;
    return {
      url,
      postUrl: `${url}/comments`,
      votePath: (commentId) => `/votes/${commentId}`,
      async broadcast(event, args) {
        const answer = await postJson(`${url}/broadcast`, { event, args });
        if (answer.status !== 201) throw new Error(`the bare server refused a broadcast: HTTP ${answer.status}`);
      },
      stop: () => stopProcess(child, 5_000),
    };
  } catch (err) {
    await stopProcess(child, 1_000);
    throw err;
  }
}
