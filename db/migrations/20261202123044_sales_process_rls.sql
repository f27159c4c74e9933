-- Row-level security and grants for the sales-process tables.
ALTER TABLE pipelines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipelines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipelines USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON pipelines TO luodi_app;
--> statement-breakpoint
ALTER TABLE deals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE deals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON deals USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON deals TO luodi_app;
--> statement-breakpoint
ALTER TABLE deal_stage_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE deal_stage_history FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON deal_stage_history USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON deal_stage_history TO luodi_app;
--> statement-breakpoint
ALTER TABLE deal_team_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE deal_team_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON deal_team_members USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON deal_team_members TO luodi_app;
--> statement-breakpoint
ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE activities FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON activities USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON activities TO luodi_app;
--> statement-breakpoint
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tasks USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tasks TO luodi_app;
--> statement-breakpoint
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE comments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON comments USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON comments TO luodi_app;
--> statement-breakpoint
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON attachments USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON attachments TO luodi_app;
--> statement-breakpoint
ALTER TABLE attachment_contents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE attachment_contents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON attachment_contents USING (org_id = luodi_current_org()) WITH CHECK (org_id = luodi_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON attachment_contents TO luodi_app;
