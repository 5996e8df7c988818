// Owns turning a server error into the reader's words: by its code, with facts from its details, never its message.
import type { WireError } from '../server/protocol/dto';
import type { ErrorFacts, Messages } from './messages/catalog';

/** Keeps only details of the expected types: they come from the network. */
function factsOf(details: unknown): ErrorFacts {
  const d = (details ?? {}) as Record<string, unknown>;
  const facts: ErrorFacts = {};
  if (typeof d.retryAfterSeconds === 'number' && d.retryAfterSeconds > 0)
    facts.retryAfterSeconds = Math.ceil(d.retryAfterSeconds);
  if (typeof d.word === 'string') facts.word = d.word;
  if (typeof d.maxLinks === 'number') facts.maxLinks = d.maxLinks;
  if (typeof d.until === 'string' && !Number.isNaN(Date.parse(d.until))) facts.until = d.until;
  return facts;
}

/** The reader-facing sentence for an error; null stands for "no answer from the server". */
export function errorText(messages: Messages, error: WireError | null): string {
  if (error === null) return messages.unreachable;
  // A server newer than this widget may send a code the catalog does not know yet.
  const text = messages.errors[error.code] ?? messages.errors.INTERNAL;
  return typeof text === 'function' ? text(factsOf(error.details)) : text;
}
