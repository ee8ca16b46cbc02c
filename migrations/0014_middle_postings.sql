-- A middle part between the key indexes' recent parts (0010) and the large indexes. Every
-- merge of the recent postings rewrote nearly every page of `shingle_keys` and `anchor_keys`
-- (their keys are random): at 100k versions ~32,000 pages every 4,096 versions, about half of
-- what an import wrote (BENCHMARKS.md, session 12). Recent postings now go into these tables
-- while they stay small against the large indexes, and the three parts are merged into the
-- large indexes only once the middle part has grown to a share of them
-- (store::postings::merge_recent). Readers take the union of all three.
CREATE TABLE shingle_keys_middle (
    key         INTEGER NOT NULL,
    version_id  INTEGER NOT NULL,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;

CREATE TABLE anchor_keys_middle (
    key         TEXT NOT NULL,
    version_id  INTEGER NOT NULL,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;

-- The highest version id when the postings were last merged into the large indexes: the
-- middle part holds versions after it, up to `since`.
ALTER TABLE recent_postings ADD COLUMN large_since INTEGER NOT NULL DEFAULT 0;
UPDATE recent_postings SET large_since = since;
