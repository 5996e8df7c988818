// Owns stopping HTTP without dropping requests: answers in flight close their connection, later requests are refused.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How soon a client refused during a shutdown may try again (at the next server, behind a balancer). */
const RETRY_AFTER_SECONDS = 1;

const REFUSAL = JSON.stringify({
  error: {
    code: 'SERVICE_UNAVAILABLE',
    message: 'The server is restarting. Please try again in a moment.',
    details: { retryAfterSeconds: RETRY_AFTER_SECONDS, reason: 'shutting-down' },
  },
});

export interface HttpDrain {
  /** Lets a request through (true), or, once stopping, answers it 503 here (false). */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
  /** From now on every answer closes its connection, and requests that arrive are refused. */
  stop(): void;
  isStopping(): boolean;
}

/**
 * A keep-alive connection takes request after request; after a stop it must take no more, or
 * a busy client keeps the server up until its timeout and then loses what it had in flight.
 * So answers still to be sent say `Connection: close`, and a request that arrives after the
 * stop (on an open connection, or already on its way when the stop began) gets a 503 with
 * `Connection: close` rather than a reset connection.
 */
export function createHttpDrain(): HttpDrain {
  const inFlight = new Set<ServerResponse>();
  let isStopping = false;
  function forget(this: ServerResponse): void {
    inFlight.delete(this);
  }

  function refuse(req: IncomingMessage, res: ServerResponse): void {
    // The body is read to its end first: closing a connection with unread data in it resets
    // the connection, and the client would never see the answer.
    const answer = () => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(503, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(REFUSAL),
        'Cache-Control': 'no-store',
        'Retry-After': String(RETRY_AFTER_SECONDS),
        Connection: 'close',
      });
      res.end(REFUSAL);
    };
    req.once('end', answer);
    req.resume();
  }

  return {
    admit(req, res) {
      if (isStopping) {
        refuse(req, res);
        return false;
      }
      inFlight.add(res);
      res.once('close', forget);
      return true;
    },
    stop() {
      isStopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    },
    isStopping: () => isStopping,
  };
}
