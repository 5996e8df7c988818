// Owns trimming maps kept in order of last use (delete and set again on use) back to their capacity.

/**
 * Removes the least recently used entries of `map` once it holds more than `max`, a batch at a
 * time. A Map keeps deleted entries' slots until it is rebuilt, and an iterator walks over
 * them: taking one oldest key per insertion (`keys().next()`) walked every slot freed since
 * the last rebuild, about 100 µs a call at 200,000 entries. One walk per batch of a sixteenth
 * of the capacity costs a few slots per insertion instead. Below 16 entries the batch is one.
 */
export function trimLeastRecent<K, V>(map: Map<K, V>, max: number): void {
  if (map.size <= max) return;
  let excess = map.size - max + (max >> 4);
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
  }
}
