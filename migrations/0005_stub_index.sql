-- Registration asks, for every new text, whether its outlet has stubs it could fill. Stubs are
-- few; an aggregator has thousands of versions: a partial index answers without visiting them.
CREATE INDEX IF NOT EXISTS versions_stubs ON versions(outlet_id) WHERE stub = 1;
