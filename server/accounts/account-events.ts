// Owns the events of moderator accounts.

export interface AccountEvents {
  /** A moderator logged out (or the session was otherwise ended): live channels on it must close. */
  'session:ended': { tokenHash: string };
}
