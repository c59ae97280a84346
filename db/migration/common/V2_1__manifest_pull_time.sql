-- When a manifest was last pulled. Written in batches by the pull recorder, never on the pull path,
-- so a pull costs no database write.
ALTER TABLE manifest ADD COLUMN pulled_at TIMESTAMP WITH TIME ZONE;
