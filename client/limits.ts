// Owns the widget's copy of the server's input limits (server/protocol/limits.ts), so the form can warn early.
// Only types may be imported from the server, so the numbers are mirrored here; the server stays the judge.

export const CLIENT_LIMITS = Object.freeze({
  maxNameChars: 64,
  maxEmailChars: 254,
  maxBodyChars: 10_000,
  maxUrlChars: 2_048,
  maxTitleChars: 300,
  guestTokenPattern: /^[A-Za-z0-9_-]{32,128}$/,
});
