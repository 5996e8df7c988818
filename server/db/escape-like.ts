// Owns escaping text for LIKE patterns, for every engine: a search for "50%" means those characters.

/** Escapes LIKE wildcards with a backslash (the escape character both engines' statements name). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
