// Owns listening to a thread as one more reader and keeping each live message as it arrived, so that a bare server can send the very same one.
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

/** One socket.io message: its event and arguments, as the server emitted them. */
export interface SentMessage {
  event: string;
  args: unknown[];
}

export interface MessageTap {
  /** The message that carried the new comment `commentId`; waits for it, up to `timeoutMs`. */
  messageWith(commentId: number, timeoutMs: number): Promise<SentMessage>;
  close(): void;
}

/** Ids of the new comments a message carries, alone or in a batch. */
function createdIdsOf({ event, args }: SentMessage): number[] {
  if (event === 'comment:created') return [(args[0] as { id: number }).id];
  if (event !== 'batch' || !Array.isArray(args[0])) return [];
  return (args[0] as Array<[string, { id?: number }]>)
    .filter(([name]) => name === 'comment:created')
    .map(([, payload]) => payload.id as number);
}

export async function tapThread(url: string, pageId: string): Promise<MessageTap> {
  const socket: Socket = io(url, {
    transports: ['websocket'],
    auth: { token: randomBytes(32).toString('base64url') },
    reconnection: false,
    forceNew: true,
  });
  const byComment = new Map<number, SentMessage>();
  socket.onAny((event: string, ...args: unknown[]) => {
    const message = { event, args };
    for (const id of createdIdsOf(message)) byComment.set(id, message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(30_000).emitWithAck('thread:join', { pageId })) as { ok?: boolean };
  if (!ack?.ok) throw new Error('the listening reader could not join the thread');
  return {
    async messageWith(commentId, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!byComment.has(commentId)) {
        if (Date.now() > deadline) throw new Error(`comment ${commentId} never reached the listening reader`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const message = byComment.get(commentId) as SentMessage;
      byComment.delete(commentId);
      return message;
    },
    close: () => socket.close(),
  };
}
