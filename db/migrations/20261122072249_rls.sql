-- Tenant isolation in the database: the app runs tenant work as the non-superuser role luodi_app
-- (SET LOCAL ROLE per transaction) with luodi.org_id set; these policies confine it to that organization.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luodi_app') THEN
    CREATE ROLE luodi_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO luodi_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION luodi_current_org() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('luodi.org_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION luodi_current_org() TO luodi_app;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations USING (id = luodi_current_org()) WITH CHECK (id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON organizations TO luodi_app;
--> statement-breakpoint
ALTER TABLE departments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE departments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON departments USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON roles USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON users USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sessions USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_tokens USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON accounts USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE record_shares ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE record_shares FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON record_shares USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_events USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notifications USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON departments, roles, users, sessions, api_tokens, accounts, record_shares, notifications TO luodi_app;
--> statement-breakpoint
-- the audit log is append-only for the application
GRANT SELECT, INSERT ON audit_events TO luodi_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO luodi_app;
