-- A manifest's bytes are stored like a blob's, so they get a blob row too: garbage collection then
-- removes them once no repository holds the manifest, and the row is the lock a push takes on them.
-- The grace period of the rows added here starts now.
INSERT INTO blob (digest, size, created_at)
SELECT m.digest, MAX(m.size), CURRENT_TIMESTAMP
FROM manifest m
WHERE NOT EXISTS (SELECT 1 FROM blob b WHERE b.digest = m.digest)
GROUP BY m.digest;

-- Collection asks, for each blob, whether any repository holds a manifest with its digest.
CREATE INDEX ix_manifest_digest ON manifest (digest);
