-- H2 compares strings by Java's String.compareTo, which is byte order for the ASCII names and tags
-- the spec grammar allows; this version exists so both databases share one migration history.
SELECT 1;
