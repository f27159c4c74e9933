-- Substring search on account names (q=) stays fast at 100k+ accounts: trigram GIN index led by org_id.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_name_trgm_idx ON accounts USING gin (org_id, name gin_trgm_ops);
