-- Fuzzy duplicate checks (pg_trgm `%`, modules/duplicates) on PGlite: GiST instead of GIN trigram indexes.
-- PGlite's pg_trgm answers `%` through a GIN trigram index wrongly: no rows, and the single connection then
-- hangs on its next statement (a one-column GIN `%` on a 3-row table reproduces it; ILIKE through the same
-- index, and `%` through GiST, work). So on PGlite the two indexes that serve only the fuzzy arms
-- (accounts_name_key_trgm_idx, leads_company_key_trgm_idx) are replaced by GiST ones; name search (ILIKE)
-- keeps accounts_name_trgm_idx / *_name_trgm_idx. PostgreSQL keeps GIN: at 100k accounts a `%` lookup takes
-- 0.8 ms through GIN, 30 ms through a default GiST (siglen 12), 5–12 ms with siglen=256 (measured). On
-- PGlite, siglen 256: larger signatures (1024) made PGlite fail with "bad buffer ID: 0" on COMMIT at 100k rows.
-- Single-column: org_id cannot lead a trigram GiST without btree_gist, which PGlite is not started with; the
-- org_id (and RLS) condition filters the few rows the index returns.
DO $$
BEGIN
  IF version() LIKE '%PGlite%' OR version() LIKE '%emscripten%' THEN
    DROP INDEX IF EXISTS accounts_name_key_trgm_idx;
    DROP INDEX IF EXISTS leads_company_key_trgm_idx;
    CREATE INDEX IF NOT EXISTS accounts_name_key_trgm_gist_idx ON accounts USING gist (name_key gist_trgm_ops (siglen = 256));
    CREATE INDEX IF NOT EXISTS leads_company_key_trgm_gist_idx ON leads USING gist (company_key gist_trgm_ops (siglen = 256));
  END IF;
END
$$;
