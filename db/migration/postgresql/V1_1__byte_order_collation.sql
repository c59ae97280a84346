-- The distribution-spec orders tags and repositories lexically; "C" collation makes PostgreSQL
-- compare bytes, as H2 does, whatever the cluster's locale.
ALTER TABLE repository ALTER COLUMN name TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE tag ALTER COLUMN name TYPE VARCHAR(128) COLLATE "C";
