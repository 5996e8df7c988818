// A reader socket sending events faster than its allowance is disconnected: the allowance is the configuration's, and time is the server's clock.
import { startTestServer } from '../helpers/server';
import { connectReader, request, type TestSocket } from '../helpers/sockets';

const START = Date.UTC(2026, 11, 2, 12);

/** Resolves 'answered' when the request is acknowledged, or 'disconnected' when the server drops the socket instead. */
function outcome(socket: TestSocket, pageId: string): Promise<'answered' | 'disconnected'> {
  return new Promise((resolve) => {
    const onDisconnect = () => resolve('disconnected');
    socket.once('disconnect', onDisconnect);
    socket.emit('thread:join', { pageId }, () => {
      socket.off('disconnect', onDisconnect);
      resolve('answered');
    });
  });
}

test('a socket may send its configured burst, refills by the server clock, and is disconnected past it', async () => {
  let nowMs = START;
  const server = await startTestServer({ socketEvents: { burst: 2, perSecond: 1 } }, { clock: { now: () => nowMs } });
  try {
    const socket = await connectReader(server.url);
    expect(await outcome(socket, 'flood-1')).toBe('answered');
    expect(await outcome(socket, 'flood-2')).toBe('answered');
    // Five seconds pass on the server's clock: the burst is back (it holds two at most).
    nowMs += 5_000;
    expect(await outcome(socket, 'flood-3')).toBe('answered');
    expect(await outcome(socket, 'flood-4')).toBe('answered');
    // No time passes: the third event in a row is one too many.
    expect(await outcome(socket, 'flood-5')).toBe('disconnected');
    socket.close();

    // Another socket has an allowance of its own.
    const other = await connectReader(server.url);
    expect((await request(other, 'thread:join', { pageId: 'flood-6' })).ok).toBe(true);
    other.close();
  } finally {
    await server.close();
  }
});
