-- Same-language matching, issue 3.

-- Boilerplate learning counts a line once per work, not once per version: an outlet that posts
-- three versions of one piece must not learn that piece's paragraphs as its page furniture.
-- `works` counts changes of `last_sig` (a signature of the whole version's lines, equal for
-- versions of one text); `seen` stays the plain count.
ALTER TABLE outlet_lines ADD COLUMN works INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outlet_lines ADD COLUMN last_sig INTEGER;
UPDATE outlet_lines SET works = seen;
-- The learned set is read on every registration: only its rows are visited, not every line.
CREATE INDEX outlet_lines_works ON outlet_lines(outlet_id, works);

-- What scoring needs of a stored version, computed once at registration: the full shingle set
-- (sorted u64, little-endian), the rest of its analysis as JSON, and which of its lines the
-- outlet's learned boilerplate removed then (a candidate is re-analyzed only when that changed).
CREATE TABLE version_prints (
    version_id  INTEGER PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
    shingles    BLOB NOT NULL,
    analysis    TEXT NOT NULL,
    lines       BLOB NOT NULL,
    stripped    INTEGER NOT NULL
);
