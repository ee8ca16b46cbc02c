-- No query reads anchor keys by version, and versions are never deleted (the one use an index
-- on version_id would have, for ON DELETE CASCADE): the index only cost a second B-tree insert
-- for every anchor of every version registered.
DROP INDEX IF EXISTS anchor_keys_version;
