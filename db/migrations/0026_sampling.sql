CREATE TABLE "sample_answers" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"aware" smallint,
	"support" smallint,
	"participation" smallint,
	"satisfaction" smallint,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sample_answers_values_check" CHECK (("sample_answers"."aware" is null or "sample_answers"."aware" in (0, 1)) and ("sample_answers"."support" is null or "sample_answers"."support" between 1 and 5) and ("sample_answers"."participation" is null or "sample_answers"."participation" between 1 and 5) and ("sample_answers"."satisfaction" is null or "sample_answers"."satisfaction" between 1 and 5))
);
--> statement-breakpoint
CREATE TABLE "sample_surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"campaign_id" integer,
	"state" text DEFAULT 'draft' NOT NULL,
	"frame_source" text,
	"target_margin" numeric DEFAULT 0.05 NOT NULL,
	"expected_response_rate" numeric DEFAULT 0.6 NOT NULL,
	"seed" text,
	"drawn_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"results" jsonb,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sample_surveys_state_check" CHECK ("sample_surveys"."state" in ('draft', 'fielding', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "sample_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"external_id" text NOT NULL,
	"district_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"age_group" text,
	"sex" text,
	"phone_encrypted" text,
	"user_id" integer,
	"drawn" smallint DEFAULT 0 NOT NULL,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"outcome_at" timestamp with time zone,
	"outcome_by" integer,
	"contacted_at" timestamp with time zone,
	CONSTRAINT "sample_units_outcome_check" CHECK ("sample_units"."outcome" in ('pending', 'not_found', 'no_contact', 'refused', 'ineligible', 'responded'))
);
--> statement-breakpoint
ALTER TABLE "sample_answers" ADD CONSTRAINT "sample_answers_unit_id_sample_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."sample_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_answers" ADD CONSTRAINT "sample_answers_survey_id_sample_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."sample_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_surveys" ADD CONSTRAINT "sample_surveys_campaign_id_quiz_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."quiz_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_surveys" ADD CONSTRAINT "sample_surveys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_units" ADD CONSTRAINT "sample_units_survey_id_sample_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."sample_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_units" ADD CONSTRAINT "sample_units_district_id_areas_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_units" ADD CONSTRAINT "sample_units_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_units" ADD CONSTRAINT "sample_units_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_units" ADD CONSTRAINT "sample_units_outcome_by_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sample_answers_survey_idx" ON "sample_answers" USING btree ("survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sample_units_external_idx" ON "sample_units" USING btree ("survey_id","external_id");--> statement-breakpoint
CREATE INDEX "sample_units_drawn_idx" ON "sample_units" USING btree ("survey_id","drawn","district_id");