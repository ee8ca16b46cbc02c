-- The anchors of given versions (candidates being scored) are read by version: anchor_keys is
-- keyed by anchor first, so it needs a second index to serve that without a scan.
CREATE INDEX anchor_keys_version ON anchor_keys(version_id);
