-- The learned lines' partial index (0011) with `works` in it, so that it covers the queries
-- that read an outlet's learned boilerplate (`... WHERE outlet_id = ? AND works >= 3`).
-- Without it, each learned line was looked up in the table to check `works`: ~900 pages read
-- by one `add` at 100k versions, for an aggregator with ~800 learned lines.
DROP INDEX outlet_lines_learned;
CREATE INDEX outlet_lines_learned ON outlet_lines(outlet_id, works) WHERE works >= 3;
