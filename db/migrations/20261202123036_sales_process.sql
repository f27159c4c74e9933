CREATE TABLE "activities" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"account_id" uuid,
	"deal_id" uuid,
	"contact_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"need" text,
	"feedback" text,
	"sentiment" text,
	"next_action" text,
	"next_action_date" text,
	"notes" text,
	"duration_seconds" integer,
	"check_in" jsonb,
	"effective" integer DEFAULT 0 NOT NULL,
	"owner_id" uuid,
	"department_id" uuid,
	"external_id" text,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "activities_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "attachment_contents" (
	"org_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "attachment_contents_org_id_attachment_id_pk" PRIMARY KEY("org_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" text DEFAULT 'other' NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	CONSTRAINT "attachments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"body" text NOT NULL,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "comments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "deal_stage_history" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"moved_at" timestamp with time zone NOT NULL,
	"moved_by" uuid,
	"seconds_in_previous" bigint,
	"via" text DEFAULT 'api' NOT NULL,
	"criteria_waived" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "deal_stage_history_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "deal_team_members" (
	"org_id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"credit_percent" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "deal_team_members_org_id_deal_id_user_id_pk" PRIMARY KEY("org_id","deal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"account_id" uuid,
	"contact_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_key" text NOT NULL,
	"stage_entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"amount" bigint,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"expected_close_date" text,
	"product" text,
	"source" text,
	"description" text,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"last_update_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotting_since" timestamp with time zone,
	"owner_id" uuid,
	"department_id" uuid,
	"external_id" text,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "deals_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"stages" jsonb NOT NULL,
	"allow_skip" integer DEFAULT 0 NOT NULL,
	"allow_backward" integer DEFAULT 1 NOT NULL,
	"is_default" integer DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pipelines_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"due_date" text NOT NULL,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"assignee_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"activity_id" uuid,
	"deal_id" uuid,
	"account_id" uuid,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"owner_id" uuid,
	"department_id" uuid,
	"external_id" text,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tasks_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE INDEX "activities_account_idx" ON "activities" USING btree ("org_id","account_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "activities_deal_idx" ON "activities" USING btree ("org_id","deal_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "activities_owner_idx" ON "activities" USING btree ("org_id","owner_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "activities_department_idx" ON "activities" USING btree ("org_id","department_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "activities_occurred_idx" ON "activities" USING btree ("org_id","occurred_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_external_id_uq" ON "activities" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE INDEX "attachments_record_idx" ON "attachments" USING btree ("org_id","object_type","record_id");--> statement-breakpoint
CREATE INDEX "comments_record_idx" ON "comments" USING btree ("org_id","object_type","record_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_stage_history_deal_idx" ON "deal_stage_history" USING btree ("org_id","deal_id","moved_at");--> statement-breakpoint
CREATE INDEX "deal_stage_history_pipeline_idx" ON "deal_stage_history" USING btree ("org_id","pipeline_id","from_stage","moved_at");--> statement-breakpoint
CREATE INDEX "deal_team_members_user_idx" ON "deal_team_members" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "deals_board_idx" ON "deals" USING btree ("org_id","pipeline_id","status","stage_key","last_update_at");--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("org_id","owner_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "deals_department_idx" ON "deals" USING btree ("org_id","department_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "deals_updated_idx" ON "deals" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "deals_account_idx" ON "deals" USING btree ("org_id","account_id");--> statement-breakpoint
CREATE INDEX "deals_close_date_idx" ON "deals" USING btree ("org_id","expected_close_date");--> statement-breakpoint
CREATE INDEX "deals_stale_idx" ON "deals" USING btree ("org_id","status","last_update_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deals_external_id_uq" ON "deals" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("org_id","assignee_id","status","due_date");--> statement-breakpoint
CREATE INDEX "tasks_remind_idx" ON "tasks" USING btree ("org_id","status","remind_at");--> statement-breakpoint
CREATE INDEX "tasks_deal_idx" ON "tasks" USING btree ("org_id","deal_id");--> statement-breakpoint
CREATE INDEX "tasks_account_idx" ON "tasks" USING btree ("org_id","account_id");