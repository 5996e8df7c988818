// Owns how a comment's time reads: relative while recent, a date after that. Pure: the clock is passed in.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

const WEEK_S = 7 * 24 * 60 * 60;

export interface TimeText {
  /** What the reader sees: "5 minutes ago" or "12 Nov 2026". */
  short: string;
  /** Full date and time, for the tooltip. */
  full: string;
}

// Making a formatter costs far more than using one, and a page shows dozens of times.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function formatter<F extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => F): F {
  let found = formatters.get(key) as F | undefined;
  if (found === undefined) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

export function formatCommentTime(iso: string, nowMs: number, locale: string, justNow: string): TimeText {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return { short: '', full: '' };
  const full = formatter(
    `full:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
  ).format(at);
  const ageS = Math.round((nowMs - at) / 1000);
  // A little clock skew between reader and server must not read as "in 3 seconds".
  if (ageS < 45) return { short: justNow, full };
  if (ageS < WEEK_S) {
    const relative = formatter(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
    let unit = UNITS[0];
    for (const candidate of UNITS) if (ageS >= candidate[1]) unit = candidate;
    return { short: relative.format(-Math.max(1, Math.round(ageS / unit[1])), unit[0]), full };
  }
  const sameYear = new Date(at).getFullYear() === new Date(nowMs).getFullYear();
  const short = formatter(
    `short:${locale}:${sameYear}`,
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' }),
  ).format(at);
  return { short, full };
}
