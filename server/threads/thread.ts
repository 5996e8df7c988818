// Owns the thread record as the domain sees it.
export interface Thread {
  id: number;
  pageId: string;
  url: string | null;
  title: string | null;
  commentCount: number;
  createdAtMs: number;
  /** Closed by a moderator; threads may also close themselves by age (see isThreadClosed). */
  isClosed: boolean;
  /** When a moderator closed it (null while open). */
  closedAtMs: number | null;
  /** Reopened by a moderator: the age rule no longer closes it. */
  isReopened: boolean;
  /** When a moderator last reopened it (null when never, or closed again since). */
  reopenedAtMs: number | null;
  /**
   * The url and title were sent by a page of one of the allowed sites, about a page on that
   * site (see page-address.ts). Otherwise they are only what some opener claimed.
   */
  isPageVerified: boolean;
}

export interface NewThread {
  pageId: string;
  url: string | null;
  title: string | null;
  createdAtMs: number;
  /** Unverified unless said otherwise. */
  isPageVerified?: boolean;
}

/** A page's address and title as stored, and whether they are vouched for. */
export interface PageAddress {
  url: string | null;
  title: string | null;
  isPageVerified: boolean;
}
