-- What a growing store rewrote with every batch (BENCHMARKS.md, session 10). At 100k versions,
-- 62% of the pages a 5,000-version import wrote back were outlet_lines and its index by works:
-- each new line goes to a random place in both.

-- Derived indexes carry no foreign keys, as their recent parts (0010) already did: versions are
-- never deleted (0008) and outlets never are. With them, every multi-row INSERT into these
-- tables looked each row's parent up and kept a statement journal of every page it touched
-- (the merge of the recent postings wrote ~17,000 pages to a temporary file at 100k versions).
-- Rows are copied in key order, so each new table is written once, front to back.
CREATE TABLE shingle_keys_new (
    key         INTEGER NOT NULL,
    version_id  INTEGER NOT NULL,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;
INSERT INTO shingle_keys_new (key, version_id)
SELECT key, version_id FROM shingle_keys ORDER BY key, version_id;
DROP TABLE shingle_keys;
ALTER TABLE shingle_keys_new RENAME TO shingle_keys;

CREATE TABLE anchor_keys_new (
    key         TEXT NOT NULL,
    version_id  INTEGER NOT NULL,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;
INSERT INTO anchor_keys_new (key, version_id)
SELECT key, version_id FROM anchor_keys ORDER BY key, version_id;
DROP TABLE anchor_keys;
ALTER TABLE anchor_keys_new RENAME TO anchor_keys;

CREATE TABLE outlet_lines_new (
    outlet_id   INTEGER NOT NULL,
    line_hash   INTEGER NOT NULL,
    seen        INTEGER NOT NULL,
    works       INTEGER NOT NULL DEFAULT 0,
    last_sig    INTEGER,
    PRIMARY KEY (outlet_id, line_hash)
) WITHOUT ROWID;
INSERT INTO outlet_lines_new (outlet_id, line_hash, seen, works, last_sig)
SELECT outlet_id, line_hash, seen, works, last_sig FROM outlet_lines ORDER BY outlet_id, line_hash;
DROP TABLE outlet_lines; -- and its index by works
ALTER TABLE outlet_lines_new RENAME TO outlet_lines;

-- The learned boilerplate is read by outlet among the lines carried by at least
-- `text::boilerplate::LEARNED_MIN_VERSIONS` (3) works: a partial index holds only those (a few
-- thousand rows at 100k versions, against ~1M lines seen), so a line seen once or twice, most
-- lines, no longer writes to it.
CREATE INDEX outlet_lines_learned ON outlet_lines(outlet_id) WHERE works >= 3;
