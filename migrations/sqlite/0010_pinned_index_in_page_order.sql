-- Opening a thread reads its pinned comments. With the pinned index on thread_id alone,
-- SQLite preferred the index of top-level comments in page order, which spares it a sort,
-- and walked every top-level comment of the thread to find the pinned ones: a first view
-- of a 10,000-comment thread read 2,000 rows, of a 100,000-comment one 20,000. This index
-- is in the same order and holds only pinned top-level comments, so it wins that choice.
CREATE INDEX comments_pinned_top ON comments (thread_id, created_at, id) WHERE is_pinned = 1 AND parent_id IS NULL;
DROP INDEX comments_pinned;
