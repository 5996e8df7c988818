// Owns how English writes numbers and picks plural forms, for both halves of its catalog.

// Made on first use: the first Intl object of a page loads its locale data, which the
// widget does while its first request is out rather than before sending it.
let numberFormat: Intl.NumberFormat | undefined;
let pluralRules: Intl.PluralRules | undefined;
export const number = { format: (n: number) => (numberFormat ??= new Intl.NumberFormat('en')).format(n) };
const plurals = { select: (n: number) => (pluralRules ??= new Intl.PluralRules('en')).select(n) };

/** Picks the form for `count` and puts the formatted number where `#` stands. */
export function counted(count: number, one: string, other: string): string {
  return (plurals.select(count) === 'one' ? one : other).replace('#', number.format(count));
}
