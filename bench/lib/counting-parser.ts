// Owns a socket.io parser for simulated readers that only need to count the comments they receive.
import { Decoder, Encoder, PacketType } from 'socket.io-parser';

/** How a new comment's event starts inside an event packet, alone or in a batch. */
const CREATED = '["comment:created",';

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * Decodes connection and acknowledgement packets as socket.io's own parser does. Broadcast
 * event packets are not parsed: the new comments in them are counted by their event name and
 * handed on as one `comments:counted` event, and anything else in them (scores, counts) is
 * dropped. In a JSON string a quote is escaped, so the event name's pattern cannot come from
 * a comment's text.
 *
 * The benchmark runs its readers on the same cores as the server. Parsing every comment for
 * a hundred readers costs that process most of a core, which real readers, each on a device
 * of its own, do not take from the server.
 */
class CountingDecoder extends Decoder {
  override add(chunk: unknown): void {
    // "2" is an event packet; with "[" next it is for the main namespace and wants no answer.
    if (typeof chunk === 'string' && chunk.startsWith('2[')) {
      const count = occurrences(chunk, CREATED);
      if (count > 0) this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: ['comments:counted', count] });
      return;
    }
    super.add(chunk);
  }
}

export const countingParser = { Encoder, Decoder: CountingDecoder };
