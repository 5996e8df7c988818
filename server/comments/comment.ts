// Owns the comment record as the domain sees it (private fields included; never sent as is).
export interface Comment {
  id: number;
  threadId: number;
  parentId: number | null;
  rootId: number;
  depth: number;
  authorName: string;
  authorEmail: string | null;
  authorKey: string | null;
  bodySource: string;
  bodyHtml: string;
  status: 'published';
  createdAtMs: number;
}

export interface NewComment {
  threadId: number;
  parentId: number | null;
  /** Root of the parent's conversation; null for a top-level comment (it becomes its own root). */
  rootId: number | null;
  depth: number;
  authorName: string;
  authorEmail: string | null;
  authorKey: string | null;
  bodySource: string;
  bodyHtml: string;
  createdAtMs: number;
}
