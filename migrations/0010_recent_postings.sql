-- Postings of recently registered versions, merged into the key indexes in large sorted runs
-- (store::postings::merge_recent). A key's versions are random in key order: every batch
-- written straight into `shingle_keys` and `anchor_keys` dirtied pages all over them (at 100k
-- versions, ~40% of their pages per batch of 256, each written to the log and copied back),
-- and that grew with the store. These tables stay small, and one merge writes each page of
-- the large indexes once for many batches. Readers take the union of both.
-- No foreign keys: rows go in with their version's and versions are never deleted (0008).
CREATE TABLE shingle_keys_recent (
    key         INTEGER NOT NULL,
    version_id  INTEGER NOT NULL,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;

CREATE TABLE anchor_keys_recent (
    key         TEXT NOT NULL,
    version_id  INTEGER NOT NULL,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;

-- The highest version id when the recent postings were last merged.
CREATE TABLE recent_postings (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    since  INTEGER NOT NULL
);
INSERT INTO recent_postings (id, since) VALUES (1, COALESCE((SELECT max(id) FROM versions), 0));
