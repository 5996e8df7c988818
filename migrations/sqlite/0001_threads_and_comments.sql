-- Threads (one per page id) and their comments.
CREATE TABLE threads (
  id INTEGER PRIMARY KEY,
  page_id TEXT NOT NULL UNIQUE,
  url TEXT,
  title TEXT,
  comment_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  thread_id INTEGER NOT NULL REFERENCES threads(id),
  parent_id INTEGER REFERENCES comments(id),
  -- The top-level comment this one hangs under (itself for a top-level comment):
  -- lets a page of top-level comments fetch all their replies with one indexed read.
  root_id INTEGER NOT NULL,
  depth INTEGER NOT NULL,
  author_name TEXT NOT NULL,
  author_email TEXT,
  -- SHA-256 of the guest identity token; never the token itself.
  author_key TEXT,
  body_source TEXT NOT NULL,
  body_html TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'published',
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX comments_by_thread_time ON comments (thread_id, parent_id, created_at, id);
CREATE INDEX comments_by_root ON comments (root_id, created_at, id);
CREATE INDEX comments_by_parent ON comments (parent_id);
