// Owns sending posts at a fixed rate, whatever the answers do (an open-loop schedule), and timing each one.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DELAY_RESOLUTION_MS, eventLoopDelayOf } from './server-probes';
import { wallNowMs } from './stats';

export interface PacedSpec {
  /** Where every post goes (one thread's comments). */
  url: string;
  perSecond: number;
  durationS: number;
  /** The body and headers of the next post (each its own reader and address). */
  nextPost: () => { body: string; headers: Record<string, string> };
}

export interface PacedPost {
  /** When the schedule said to send it, and when it was sent: wall-clock ms (see wallNowMs). */
  dueMs: number;
  sentMs: number;
  /** When the answer's last byte arrived; NaN when none came. */
  answeredMs: number;
  status: number;
  /** The new comment's id from a 201. */
  commentId: number | null;
  error?: string;
}

export interface PacedResult {
  posts: PacedPost[];
  /** How late this process's own event loop ran during the schedule (its p99 and max, ms): the generator's share of any delay. */
  ownDelayP99Ms: number;
  ownDelayMaxMs: number;
}

/**
 * Sends `perSecond × durationS` posts at evenly spaced times. A post is sent when its time
 * comes even if earlier ones are unanswered: latency under a fixed arrival rate, as readers
 * post whether or not the server keeps up. Each post goes on a connection of its own choosing
 * (a keep-alive pool without a limit), so none waits behind another in this process.
 */
export async function sendPaced(spec: PacedSpec): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const total = Math.round(spec.perSecond * spec.durationS);
  const spacingMs = 1000 / spec.perSecond;
  const posts: PacedPost[] = [];
  const answers: Promise<void>[] = [];
  const firstDueMs = wallNowMs() + 50;

  const sendOne = (dueMs: number): Promise<void> => {
    const { body, headers } = spec.nextPost();
    const post: PacedPost = { dueMs, sentMs: wallNowMs(), answeredMs: NaN, status: 0, commentId: null };
    posts.push(post);
    return new Promise<void>((resolve) => {
      const req = http.request(
        spec.url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            ...headers,
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            post.answeredMs = wallNowMs();
            post.status = res.statusCode ?? 0;
            if (post.status === 201) {
              try {
                const id = JSON.parse(Buffer.concat(chunks).toString('utf8'))?.comment?.id;
                post.commentId = typeof id === 'number' ? id : null;
              } catch {
                post.commentId = null;
              }
            }
            resolve();
          });
          res.on('error', (err) => {
            post.error = err.message;
            resolve();
          });
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
      req.on('error', (err) => {
        post.error = err.message;
        resolve();
      });
      post.sentMs = wallNowMs();
      req.end(body);
    });
  };

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Everything due by now goes out now: a late wake-up sends the posts it missed at once.
      const nowMs = wallNowMs();
      while (next < total && firstDueMs + next * spacingMs <= nowMs) {
        answers.push(sendOne(firstDueMs + next * spacingMs));
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, firstDueMs + next * spacingMs - wallNowMs()));
    };
    setTimeout(tick, Math.max(0, firstDueMs - wallNowMs()));
  });
  await Promise.all(answers);
  delay.disable();
  agent.destroy();
  const own = eventLoopDelayOf(delay);
  return { posts, ownDelayP99Ms: own.p99Ms, ownDelayMaxMs: own.maxMs };
}
