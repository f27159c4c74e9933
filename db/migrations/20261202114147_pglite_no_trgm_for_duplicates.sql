-- Duplicate checks on PGlite: no trigram index at all on the fuzzy-name columns. After GIN (see
-- *_duplicate_trgm_gist.sql), the GiST trigram indexes hung PGlite's single connection too: a live duplicate
-- check while a company name was typed ("杭州恒…") never returned and the server stopped answering (reproduced
-- with a file-backed data dir). Without the index the fuzzy arm filters the organization's rows (btree on
-- org_id) with pg_trgm's `%`, which is slower on very large embedded databases but never hangs. PostgreSQL keeps
-- its GIN indexes (sub-millisecond fuzzy lookups at 100k accounts).
DO $$
BEGIN
  IF version() LIKE '%PGlite%' OR version() LIKE '%emscripten%' THEN
    DROP INDEX IF EXISTS accounts_name_key_trgm_gist_idx;
    DROP INDEX IF EXISTS leads_company_key_trgm_gist_idx;
  END IF;
END
$$;
