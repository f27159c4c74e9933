DROP INDEX "deals_board_idx";--> statement-breakpoint
-- The kanban board (GET /deals/board): cards per column in (last_update_at, id) order straight from the index, and
-- column totals by index-only scan (amount and the columns the filters and data scopes read are included).
CREATE INDEX "deals_board_cover_idx" ON "deals" USING btree ("org_id","pipeline_id","status","stage_key","last_update_at","id") INCLUDE ("amount","owner_id","department_id","closed_at","expected_close_date","deleted_at");
