-- The provenance store: outlets, works, versions, the links between versions, what texts claim
-- about their own origin, and the fingerprint indexes the matcher looks candidates up in.

CREATE TABLE outlets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    domain      TEXT,
    created_at  TEXT NOT NULL
);

-- Other names an outlet goes by ("Каспийский Вестник" for "Kaspiy Vestnik"); `norm` is the
-- matching key (folded, transliterated) so a claim's wording can be resolved fuzzily.
CREATE TABLE outlet_aliases (
    outlet_id   INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    norm        TEXT NOT NULL,
    PRIMARY KEY (outlet_id, norm)
);
CREATE INDEX outlet_aliases_norm ON outlet_aliases(norm);

-- One piece across all its versions. Versions join a work through accepted links.
CREATE TABLE works (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE versions (
    id                   INTEGER PRIMARY KEY,
    work_id              INTEGER NOT NULL REFERENCES works(id),
    outlet_id            INTEGER NOT NULL REFERENCES outlets(id),
    url                  TEXT UNIQUE,
    title                TEXT,
    author               TEXT,
    language             TEXT,
    language_confidence  REAL,
    published_at         TEXT,
    first_seen_at        TEXT NOT NULL,
    body                 TEXT,
    body_hash            TEXT,
    -- A version known only because another text names it: no body yet.
    stub                 INTEGER NOT NULL DEFAULT 0 CHECK (stub IN (0, 1))
);
CREATE INDEX versions_work ON versions(work_id);
CREATE INDEX versions_outlet_hash ON versions(outlet_id, body_hash);
CREATE INDEX versions_hash ON versions(body_hash);

CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    derived_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    relation    TEXT NOT NULL CHECK (relation IN ('translation', 'republication', 'excerpt')),
    method      TEXT NOT NULL CHECK (method IN ('claim', 'match', 'manual')),
    confidence  REAL NOT NULL CHECK (confidence >= 0.0 AND confidence <= 1.0),
    evidence    TEXT NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
    created_at  TEXT NOT NULL,
    CHECK (source_id <> derived_id)
);
-- One link per unordered pair: direction is a property of the link, not a second row.
CREATE UNIQUE INDEX links_pair ON links(min(source_id, derived_id), max(source_id, derived_id));
CREATE INDEX links_source ON links(source_id);
CREATE INDEX links_derived ON links(derived_id);

-- What a version's text (or page metadata) says about where it comes from.
CREATE TABLE claims (
    id                 INTEGER PRIMARY KEY,
    version_id         INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL,
    outlet_name        TEXT,
    outlet_id          INTEGER REFERENCES outlets(id),
    language           TEXT,
    title              TEXT,
    url                TEXT,
    sentence           TEXT NOT NULL,
    target_version_id  INTEGER REFERENCES versions(id) ON DELETE SET NULL
);
CREATE INDEX claims_version ON claims(version_id);

-- Candidate index for same-language copies: sampled shingle hashes (see text::fingerprint).
CREATE TABLE shingle_keys (
    key         INTEGER NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;

-- Candidate index for translations: language-independent anchors (names, numbers, URLs).
CREATE TABLE anchor_keys (
    key         TEXT NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    PRIMARY KEY (key, version_id)
) WITHOUT ROWID;

-- Lines that recur across one outlet's versions: that outlet's boilerplate.
CREATE TABLE outlet_lines (
    outlet_id   INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,
    line_hash   INTEGER NOT NULL,
    seen        INTEGER NOT NULL,
    PRIMARY KEY (outlet_id, line_hash)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE versions_fts USING fts5(
    title, body, content = 'versions', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER versions_fts_insert AFTER INSERT ON versions BEGIN
    INSERT INTO versions_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER versions_fts_delete AFTER DELETE ON versions BEGIN
    INSERT INTO versions_fts(versions_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER versions_fts_update AFTER UPDATE OF title, body ON versions BEGIN
    INSERT INTO versions_fts(versions_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO versions_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- A version as every read shows it: with its outlet's name.
CREATE VIEW version_view AS
SELECT v.id AS version_id, v.work_id, o.name AS outlet, v.url, v.title, v.language, v.published_at,
       v.stub, v.author, v.language_confidence, v.first_seen_at
FROM versions v JOIN outlets o ON o.id = v.outlet_id;

-- How many versions carry each anchor: rare anchors weigh more, and very common ones are not
-- looked up at all, so a lookup costs the same in a small store and a large one.
CREATE TABLE anchor_df (
    key  TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;
