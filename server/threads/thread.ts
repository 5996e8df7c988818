// Owns the thread record as the domain sees it.
export interface Thread {
  id: number;
  pageId: string;
  url: string | null;
  title: string | null;
  commentCount: number;
  createdAtMs: number;
}

export interface NewThread {
  pageId: string;
  url: string | null;
  title: string | null;
  createdAtMs: number;
}
