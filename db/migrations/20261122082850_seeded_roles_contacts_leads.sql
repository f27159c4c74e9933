-- Organizations created before contacts and leads existed: give their seeded roles the same contacts/leads
-- permissions new organizations get (src/core/access/defaultRoles.ts). Roles an admin already configured
-- for these objects are left alone.
UPDATE roles SET permissions = permissions
  || jsonb_build_object('contacts', '["view","create","edit","delete","export","import","transfer"]'::jsonb)
  || jsonb_build_object('leads', '["view","create","edit","delete","export","import","transfer"]'::jsonb)
WHERE key IN ('admin', 'director') AND NOT (permissions ? 'contacts') AND NOT (permissions ? 'leads');
--> statement-breakpoint
UPDATE roles SET permissions = permissions
  || jsonb_build_object('contacts', '["view","create","edit","delete","export","transfer"]'::jsonb)
  || jsonb_build_object('leads', '["view","create","edit","delete","export","transfer"]'::jsonb)
WHERE key = 'manager' AND NOT (permissions ? 'contacts') AND NOT (permissions ? 'leads');
--> statement-breakpoint
UPDATE roles SET permissions = permissions
  || jsonb_build_object('contacts', '["view","create","edit"]'::jsonb)
  || jsonb_build_object('leads', '["view","create","edit"]'::jsonb)
WHERE key = 'rep' AND NOT (permissions ? 'contacts') AND NOT (permissions ? 'leads');
