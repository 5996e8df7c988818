-- How many shown replies hang under each top-level comment, kept on the top-level row, so a
-- page can send the first few replies of each conversation and say how many more there are.
ALTER TABLE comments ADD COLUMN descendant_count INTEGER NOT NULL DEFAULT 0;

UPDATE comments SET descendant_count = (
  SELECT COUNT(*) FROM comments AS reply
  WHERE reply.root_id = comments.id AND reply.parent_id IS NOT NULL
    AND (reply.status = 'published' OR reply.reply_count > 0)
) WHERE parent_id IS NULL;
