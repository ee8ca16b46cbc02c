-- What translation candidate ranking reads of every shortlisted version, in a table of its own:
-- kept after the print's blobs, reading it followed their overflow pages (18 ms for a run's
-- shortlist at 10k versions; this table answers in a third of that). The language is repeated
-- here, as the version had it when its print was written, for the same reason.
CREATE TABLE version_masses (
    version_id    INTEGER PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
    language      TEXT,
    -- NULL for prints written before migration 0006 measured them.
    anchor_count  INTEGER,
    anchor_logdf  REAL
);
INSERT INTO version_masses (version_id, language, anchor_count, anchor_logdf)
SELECT p.version_id, v.language, p.anchor_count, p.anchor_logdf
FROM version_prints p JOIN versions v ON v.id = p.version_id;
ALTER TABLE version_prints DROP COLUMN anchor_count;
ALTER TABLE version_prints DROP COLUMN anchor_logdf;
