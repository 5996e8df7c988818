// Owns cleaning of plain-text fields (names, titles): what is stored is what is shown, as text.

// C0/C1 controls, bidi marks, embeddings, overrides and isolates, zero-width space, word
// joiner and BOM: invisible characters that let a name impersonate another or reorder text.
// Zero-width (non-)joiners stay: emoji sequences and Persian or Indic spelling need them.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** NFC-normalizes, strips invisible characters, folds runs of white space, trims. */
export function cleanPlainText(input: string): string {
  return input.normalize('NFC').replace(/\s/g, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Whether the text has more than `limit` characters. Every length limit counts Unicode code
 * points (of the NFC form, for fields that are normalized): the same number on every
 * Unicode version and in every browser, and at most two UTF-16 units each, so a limit also
 * bounds the bytes stored and the work done on them. A grapheme cluster has no such bound
 * (one letter may carry thousands of combining marks), and segmenting a long string cost
 * tenths of a second. Counting stops at the limit, so the cost is bounded by it too.
 */
export function isLongerThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  if (text.length > 2 * limit) return true;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point; a lone surrogate counts as one.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count > limit) return true;
  }
  return false;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The words of sanitized markup as plain text: tags become spaces, entities their characters.
 * For excerpts shown as text (never put back into markup). Linear: one pass per replacement.
 */
export function textOfMarkup(html: string): string {
  return html.replace(/<[^<>]*>/g, ' ').replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
