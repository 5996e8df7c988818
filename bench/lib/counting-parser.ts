// Owns socket.io parsers for simulated readers that need less than a full decoding of every comment they receive.
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
      if (count > 0)
        this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: ['comments:counted', count] });
      return;
    }
    super.add(chunk);
  }
}

export const countingParser = { Encoder, Decoder: CountingDecoder };

/** How a new comment's event starts when the comment's id comes first, as Parley and the bare server send it. */
const CREATED_WITH_ID = '["comment:created",{"id":';

/** The ids of the new comments in an event packet, or null when one of them does not start with its id. */
function createdIds(text: string): number[] | null {
  const ids: number[] = [];
  for (let at = text.indexOf(CREATED, 0); at !== -1; at = text.indexOf(CREATED, at + CREATED.length)) {
    if (!text.startsWith(CREATED_WITH_ID, at)) return null;
    let end = at + CREATED_WITH_ID.length;
    let id = 0;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57)
      id = id * 10 + text.charCodeAt(end++) - 48;
    if (end === at + CREATED_WITH_ID.length) return null;
    ids.push(id);
  }
  return ids;
}

/**
 * Like the counting decoder, but it hands on which comments arrived (`comments:arrived`, their
 * ids) so that every reader can note when each one reached it, not just the first of each
 * process. It reads each id where the comment's object starts; a packet where that is not so
 * is decoded in full, as socket.io's parser would.
 */
class ArrivalDecoder extends Decoder {
  override add(chunk: unknown): void {
    if (typeof chunk === 'string' && chunk.startsWith('2[')) {
      const ids = createdIds(chunk);
      if (ids === null) return super.add(chunk);
      if (ids.length > 0)
        this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: ['comments:arrived', ids] });
      return;
    }
    super.add(chunk);
  }
}

export const arrivalParser = { Encoder, Decoder: ArrivalDecoder };
