-- What the web UI shows per manifest but cannot get from the manifest table alone: the created time
-- from the image config, the platforms of an index and the total compressed size. Filled the first
-- time a manifest is listed (it needs the config blob), then read with the tag page's one query.
CREATE TABLE image_summary (
    manifest_id  BIGINT NOT NULL PRIMARY KEY REFERENCES manifest (id) ON DELETE CASCADE,
    created_at   TIMESTAMP WITH TIME ZONE,
    platforms    VARCHAR(2000),
    total_size   BIGINT NOT NULL
);
