-- Registration in bulk (issues 3 and 5).

-- How much anchor evidence a stored version carries, for ranking translation candidates
-- without reading every candidate's anchors and their frequencies: the number of its indexed
-- anchors and the sum of ln(df + 1) over them when it was registered. Its summed IDF weight
-- later is about anchor_count * (ln(N + 1) + 0.1) - anchor_logdf for a store of N versions.
-- NULL for versions registered before this migration: their candidates rank by shared weight.
ALTER TABLE version_prints ADD COLUMN anchor_count INTEGER;
ALTER TABLE version_prints ADD COLUMN anchor_logdf REAL;
