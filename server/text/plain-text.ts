// Owns cleaning of plain-text fields (names, titles): what is stored is what is shown, as text.

// C0/C1 controls except tab/newline, bidi embeddings/overrides/isolates, zero-width
// characters and the BOM: invisible characters that let a name impersonate or reorder.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** NFC-normalizes, strips invisible characters, folds runs of white space, trims. */
export function cleanPlainText(input: string): string {
  return input.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length as a reader counts it: user-perceived characters, not UTF-16 units. */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}
