// Owns the input limits the server enforces and the widget mirrors in its form.
// Every text limit counts characters as Unicode code points (see isLongerThan in server/text/plain-text.ts).
export const LIMITS = Object.freeze({
  maxNameChars: 64,
  maxEmailChars: 254,
  maxBodyChars: 10_000,
  maxPageIdChars: 512,
  maxUrlChars: 2_048,
  maxTitleChars: 300,
  /** A reader's words with a report. */
  maxReportDetailsChars: 500,
  /** A moderator's reason for a removal or a ban. */
  maxModerationReasonChars: 500,
  /** Text a reader quotes with a comment (a passage or a selection); longer ones are cut. */
  maxQuoteChars: 500,
  /** Text kept on each side of a quote to find it again after small edits; longer is cut. */
  maxQuoteContextChars: 100,
  /** Guest tokens are 32 random bytes in base64url. */
  guestTokenPattern: /^[A-Za-z0-9_-]{32,128}$/,
});

/** Most top-level comments one page request may ask for. */
export const MAX_PAGE_SIZE = 100;
