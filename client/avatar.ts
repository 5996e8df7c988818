// Owns the initials avatar: letters and a colour derived from the name alone, so no request leaves the page.

// Hand-picked so white initials stay readable on every one of them.
const PALETTE = [
  '#2563eb',
  '#7c3aed',
  '#db2777',
  '#dc2626',
  '#c2410c',
  '#a16207',
  '#15803d',
  '#0f766e',
  '#0369a1',
  '#4f46e5',
  '#9333ea',
  '#be123c',
];

/** Up to two initials: first and last word, by code point so surrogate pairs stay whole. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const first = (word: string | undefined) => (word ? ([...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '') : '');
  if (words.length === 0) return [...name.trim()][0] ?? '?';
  const letters = words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1]);
  return letters.toLocaleUpperCase();
}

/** A stable colour for a name (FNV-1a hash), the same on every page and for every reader. */
export function avatarColourOf(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length];
}
