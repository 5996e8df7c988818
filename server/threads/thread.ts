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
  /** Reopened by a moderator: the age rule no longer closes it. */
  isReopened: boolean;
}

export interface NewThread {
  pageId: string;
  url: string | null;
  title: string | null;
  createdAtMs: number;
}
