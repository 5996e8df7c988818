// Owns the pure rule that spots vote stuffing: a burst of brand-new identities voting from one network.

/** An identity first seen this recently is "new". */
export const NEW_IDENTITY_MS = 10 * 60_000;
/** This many new identities already voting from one network within the window make the next one suspect. */
export const NEW_VOTERS_PER_NETWORK = 5;

export function isVoteSuspicious({ isNewIdentity, newVotersFromNetwork }: { isNewIdentity: boolean; newVotersFromNetwork: number }): boolean {
  return isNewIdentity && newVotersFromNetwork >= NEW_VOTERS_PER_NETWORK;
}
