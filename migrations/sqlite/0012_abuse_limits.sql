-- Whether a thread's page address and title were sent by a page of one of the allowed sites,
-- about a page on that site (1), or by anyone else (0): whoever opens a page id first may
-- send any address, and the dashboard must not show that as the page's link.
ALTER TABLE threads ADD COLUMN is_page_verified INTEGER NOT NULL DEFAULT 0;

-- A withdrawn vote keeps its row, so the trust it was given when first cast (is_flagged)
-- survives withdrawing and voting again; before, withdrawing deleted the row and the new
-- vote was judged afresh, which cleared an earlier flag.
ALTER TABLE votes ADD COLUMN is_withdrawn INTEGER NOT NULL DEFAULT 0;

-- Reports hide a comment only when they come from different networks: each report keeps
-- its reporter's network (a keyed hash, like comments and votes).
ALTER TABLE reports ADD COLUMN ip_hash TEXT;
