-- The check for bursts of brand-new identities voting from one network now keeps its
-- recent voters in the server's memory, like the rate limits. Its index on votes by
-- network was one more page written for every vote. Votes still record their network.
DROP INDEX votes_by_ip_time;
