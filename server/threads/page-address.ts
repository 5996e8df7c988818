// Owns when a page's address and title can be trusted: sent from one of the allowed sites, about a page on that site.
import type { PageAddress } from './thread';

/**
 * Whether an open vouches for the address it sends. Anyone may open a page id first and send
 * any url and title with it; what moderators see as the page's link must not be theirs. An
 * open vouches when it comes from one of the operator's allowed sites (its Origin) and the url
 * it sends is on that same site. Without a list of allowed sites nothing is vouched for.
 *
 * Origin is set by browsers and cannot be changed by a page's scripts; a client outside a
 * browser can send any, but then still only an address on one of the operator's own sites.
 */
export function isAddressVouched(
  url: string | null,
  origin: string | undefined,
  allowedOrigins: readonly string[] | null,
): boolean {
  if (allowedOrigins === null || origin === undefined || !allowedOrigins.includes(origin)) return false;
  if (url === null) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** Whether the stored address gives way to the one an open sends: only a vouched open replaces it, and only with something new. */
export function isAddressReplaced(
  stored: PageAddress,
  sent: { url: string | null; title: string | null },
  isVouched: boolean,
): boolean {
  return isVouched && (!stored.isPageVerified || stored.url !== sent.url || stored.title !== sent.title);
}
