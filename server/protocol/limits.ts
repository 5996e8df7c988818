// Owns the input limits the server enforces and the widget mirrors in its form.
export const LIMITS = Object.freeze({
  maxNameChars: 64,
  maxEmailChars: 254,
  maxBodyChars: 10_000,
  maxPageIdChars: 512,
  maxUrlChars: 2_048,
  maxTitleChars: 300,
  /** Guest tokens are 32 random bytes in base64url. */
  guestTokenPattern: /^[A-Za-z0-9_-]{32,128}$/,
});

/** Most top-level comments one page request may ask for. */
export const MAX_PAGE_SIZE = 100;
