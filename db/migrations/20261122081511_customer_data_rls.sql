-- Row-level security and grants for the customer-data tables; trigram indexes for duplicate detection.
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON contacts USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO luodi_app;
--> statement-breakpoint
ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE leads FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON leads USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON leads TO luodi_app;
--> statement-breakpoint
ALTER TABLE custom_field_definitions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE custom_field_definitions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON custom_field_definitions USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_field_definitions TO luodi_app;
--> statement-breakpoint
ALTER TABLE custom_field_values ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE custom_field_values FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON custom_field_values USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_field_values TO luodi_app;
--> statement-breakpoint
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tags FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tags USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tags TO luodi_app;
--> statement-breakpoint
ALTER TABLE record_tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE record_tags FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON record_tags USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON record_tags TO luodi_app;
--> statement-breakpoint
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON saved_views USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_views TO luodi_app;
--> statement-breakpoint
ALTER TABLE org_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE org_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON org_settings USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON org_settings TO luodi_app;
--> statement-breakpoint
ALTER TABLE pools ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pools FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pools USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON pools TO luodi_app;
--> statement-breakpoint
ALTER TABLE pool_claims ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pool_claims FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pool_claims USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON pool_claims TO luodi_app;
--> statement-breakpoint
ALTER TABLE handovers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE handovers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON handovers USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON handovers TO luodi_app;
--> statement-breakpoint
ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON import_jobs USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON import_jobs TO luodi_app;
--> statement-breakpoint
ALTER TABLE import_file_chunks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_file_chunks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON import_file_chunks USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON import_file_chunks TO luodi_app;
--> statement-breakpoint
ALTER TABLE import_row_problems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_row_problems FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON import_row_problems USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON import_row_problems TO luodi_app;
--> statement-breakpoint
ALTER TABLE import_mappings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_mappings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON import_mappings USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON import_mappings TO luodi_app;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_name_key_trgm_idx ON accounts USING gin (org_id, name_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_company_key_trgm_idx ON leads USING gin (org_id, company_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_name_trgm_idx ON contacts USING gin (org_id, name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_name_trgm_idx ON leads USING gin (org_id, name gin_trgm_ops);
--> statement-breakpoint
-- Fuzzy duplicate search (pg_trgm's % operator) must be able to use its index under row-level security;
-- see 20261122075744_leakproof_search.sql for why. similarity_op only returns a boolean.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'luodi: not a superuser, similarity_op not marked LEAKPROOF: fuzzy duplicate checks will not use their index';
  END IF;
END
$$;
