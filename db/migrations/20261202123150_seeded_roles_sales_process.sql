-- Organizations created before deals existed: give their seeded roles the deals/activities/pipelines permissions
-- new organizations get (src/core/access/defaultRoles.ts). Roles an admin already configured for these are left alone.
UPDATE roles SET permissions = permissions
  || jsonb_build_object('deals', '["view","create","edit","delete","export","import","transfer"]'::jsonb)
  || jsonb_build_object('activities', '["view","create","edit","delete","export","import"]'::jsonb)
  || jsonb_build_object('pipelines', CASE WHEN key = 'admin' THEN '["view","edit"]'::jsonb ELSE '["view"]'::jsonb END)
WHERE key IN ('admin', 'director') AND NOT (permissions ? 'deals');
--> statement-breakpoint
UPDATE roles SET permissions = permissions
  || jsonb_build_object('deals', '["view","create","edit","delete","export","transfer"]'::jsonb)
  || jsonb_build_object('activities', '["view","create","edit","delete","export"]'::jsonb)
  || jsonb_build_object('pipelines', '["view"]'::jsonb)
WHERE key = 'manager' AND NOT (permissions ? 'deals');
--> statement-breakpoint
UPDATE roles SET permissions = permissions
  || jsonb_build_object('deals', '["view","create","edit"]'::jsonb)
  || jsonb_build_object('activities', '["view","create","edit"]'::jsonb)
  || jsonb_build_object('pipelines', '["view"]'::jsonb)
WHERE key = 'rep' AND NOT (permissions ? 'deals');
