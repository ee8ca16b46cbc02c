-- Versions were indexed by normalized-text hash twice: alone, and after their outlet. Every
-- lookup by hash is for the same text from the same outlet (`store::versions::by_hashes`,
-- `id_by_outlet_hash`), which the outlet's index answers; the other one only cost writes (its
-- keys are random, so each batch of an import dirtied a page of it per version).
DROP INDEX versions_hash;
