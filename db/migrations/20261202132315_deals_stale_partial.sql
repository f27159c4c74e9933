DROP INDEX "deals_stale_idx";--> statement-breakpoint
CREATE INDEX "deals_stale_idx" ON "deals" USING btree ("org_id","status","last_update_at") WHERE rotting_since is null;