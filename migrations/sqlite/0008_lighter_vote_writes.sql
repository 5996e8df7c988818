-- A vote from a new reader wrote to eight b-trees. Three of them served no query, or only one
-- that a single-row counter serves better; every index a write touches is a page to log.
--
-- The change sequence was MAX(change_seq) + 1 over all comments, which kept an index over
-- every comment's change_seq just to find its end, and moved an entry in it on every vote.
-- One counter row gives the same strictly increasing numbers and rolls back with its write.
CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
) STRICT;
INSERT INTO change_counter (id, seq) SELECT 1, COALESCE(MAX(change_seq), 0) FROM comments;
DROP INDEX comments_change_seq;

-- A reader's votes on a page are looked up by (comment_id IN page, voter_key = reader):
-- the primary key (comment_id, voter_key) answers that.
DROP INDEX votes_by_voter;

-- Nothing looks identities up by network; the burst check starts from votes by network.
DROP INDEX identities_by_network;
