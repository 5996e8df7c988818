// Owns the posts a load run sends: each unique, from a reader (and address) of its own, top-level or a reply.
import { bodyOf, randomGenerator } from './thread-plan';
import { readerHeaders } from './addresses';
import { newGuestToken } from './tokens';

/** Endless unique posts: a fifth top-level, the rest replies to comments already there. */
export function postStream(
  commentIds: readonly number[],
  seed = 4,
): () => { body: string; headers: Record<string, string> } {
  const random = randomGenerator(seed);
  let n = 0;
  return () => {
    n++;
    const parentId =
      random() < 0.2 || commentIds.length === 0 ? null : commentIds[Math.floor(random() * commentIds.length)];
    const payload = { parentId, authorName: `Poster ${n}`, body: `${bodyOf(random, 280)} (${n})` };
    return { body: JSON.stringify(payload), headers: readerHeaders(newGuestToken()) };
  };
}
