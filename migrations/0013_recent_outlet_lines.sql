-- Outlets' line counts get a recent part, as the key indexes did (0010): at 100k versions a
-- batch's ~2,500 line counts landed on ~2,000 pages of outlet_lines, 44% of all pages written
-- back (BENCHMARKS.md, session 10). A registration's counts are written here, starting from the
-- line's count in outlet_lines, so each row holds the line's whole count; every 4,096 versions
-- `store::postings::merge_recent` copies them over outlet_lines in key order, each page of it
-- written once. A line's count is the recent row's if there is one, else outlet_lines'; counts
-- only grow, so the learned lines are those learned in either part (each through its partial
-- index).
CREATE TABLE outlet_lines_recent (
    outlet_id   INTEGER NOT NULL,
    line_hash   INTEGER NOT NULL,
    seen        INTEGER NOT NULL,
    works       INTEGER NOT NULL,
    last_sig    INTEGER,
    PRIMARY KEY (outlet_id, line_hash)
) WITHOUT ROWID;
CREATE INDEX outlet_lines_recent_learned ON outlet_lines_recent(outlet_id, works) WHERE works >= 3;
