-- The tag list's default order is newest push first; with this index a page of a repository with
-- many thousands of tags is read in order instead of sorted on every request.
CREATE INDEX ix_tag_repository_updated ON tag (repository_id, updated_at);
