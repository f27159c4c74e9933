ALTER TABLE "accounts" ADD COLUMN "reclaim_due_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "accounts_reclaim_due_idx" ON "accounts" USING btree ("org_id","reclaim_due_at");