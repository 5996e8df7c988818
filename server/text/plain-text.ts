// Owns cleaning of plain-text fields (names, titles): what is stored is what is shown, as text.

// C0/C1 controls, bidi marks, embeddings, overrides and isolates, zero-width space, word
// joiner and BOM: invisible characters that let a name impersonate another or reorder text.
// Zero-width (non-)joiners stay: emoji sequences and Persian or Indic spelling need them.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** NFC-normalizes, strips invisible characters, folds runs of white space, trims. */
export function cleanPlainText(input: string): string {
  return input.normalize('NFC').replace(/\s/g, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length as a reader counts it: user-perceived characters, not UTF-16 units. */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/**
 * Whether the text is longer than `limit` as a reader counts it. A character is at least one
 * UTF-16 unit, so text within the limit in units is within it in characters too, and most
 * text never needs segmenting.
 */
export function isLongerThan(text: string, limit: number): boolean {
  return text.length > limit && graphemeLength(text) > limit;
}
