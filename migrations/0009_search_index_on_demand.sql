-- The full-text index is brought up to date by `search` (store::versions::index_for_search),
-- no longer by every registration: tokenizing and indexing each body was ~1/6 of a bulk
-- import's time (BENCHMARKS.md, session 6), for a command a user runs now and then.
-- Versions with ids up to `indexed_upto` are in the index; later ones are added by the next
-- search. Ids only grow, so one number says what is indexed.
CREATE TABLE search_index (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto  INTEGER NOT NULL
);
INSERT INTO search_index (id, indexed_upto) VALUES (1, COALESCE((SELECT max(id) FROM versions), 0));

DROP TRIGGER versions_fts_insert;
-- An indexed version that changes (a stub filled) or goes is changed in the index at once; the
-- index's delete needs the values it indexed, which only these triggers still have.
DROP TRIGGER versions_fts_update;
CREATE TRIGGER versions_fts_update AFTER UPDATE OF title, body ON versions
WHEN old.id <= (SELECT indexed_upto FROM search_index) BEGIN
    INSERT INTO versions_fts(versions_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO versions_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
DROP TRIGGER versions_fts_delete;
CREATE TRIGGER versions_fts_delete AFTER DELETE ON versions
WHEN old.id <= (SELECT indexed_upto FROM search_index) BEGIN
    INSERT INTO versions_fts(versions_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
