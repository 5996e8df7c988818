// Owns the widget's copy of the server's input limits (server/protocol/limits.ts), so the form can warn early.
// Only types may be imported from the server, so the numbers are mirrored here; the server stays the judge.

export const CLIENT_LIMITS = Object.freeze({
  maxNameChars: 64,
  maxEmailChars: 254,
  maxBodyChars: 10_000,
  maxUrlChars: 2_048,
  maxTitleChars: 300,
  maxReportDetailsChars: 500,
  guestTokenPattern: /^[A-Za-z0-9_-]{32,128}$/,
});

/**
 * Characters as the server counts them for every limit: Unicode code points. The server
 * NFC-normalizes names, bodies, titles and report details before counting; so do the callers.
 */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
