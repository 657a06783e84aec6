CREATE TABLE "volunteer_certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"volunteer_id" integer NOT NULL,
	"number" text NOT NULL,
	"verification_code" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"total_minutes" integer NOT NULL,
	"projects" jsonb NOT NULL,
	"issuer" text NOT NULL,
	"real_name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"volunteer_number" text NOT NULL,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "volunteer_certificates_number_unique" UNIQUE("number"),
	CONSTRAINT "volunteer_certificates_verification_code_unique" UNIQUE("verification_code")
);
--> statement-breakpoint
CREATE TABLE "volunteer_hours" (
	"id" serial PRIMARY KEY NOT NULL,
	"volunteer_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"shift_id" integer,
	"source" text NOT NULL,
	"served_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"approved_minutes" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"no_check_out" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_hours_source_check" CHECK ("volunteer_hours"."source" in ('system', 'manual')),
	CONSTRAINT "volunteer_hours_status_check" CHECK ("volunteer_hours"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "volunteer_hours_minutes_check" CHECK ("volunteer_hours"."minutes" >= 0 and ("volunteer_hours"."approved_minutes" is null or "volunteer_hours"."approved_minutes" >= 0))
);
--> statement-breakpoint
CREATE TABLE "volunteer_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"community_id" integer,
	"district_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_projects_type_check" CHECK ("volunteer_projects"."type" in ('traffic', 'leifeng_station', 'cleanup', 'civility', 'care', 'event', 'other'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_shifts" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"required_skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"signup_opens_at" timestamp with time zone,
	"signup_closes_at" timestamp with time zone,
	"cancel_cutoff_minutes" integer DEFAULT 180 NOT NULL,
	"confirmed_count" integer DEFAULT 0 NOT NULL,
	"waitlist_count" integer DEFAULT 0 NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_shifts_time_check" CHECK ("volunteer_shifts"."ends_at" > "volunteer_shifts"."starts_at"),
	CONSTRAINT "volunteer_shifts_capacity_check" CHECK ("volunteer_shifts"."capacity" > 0 and "volunteer_shifts"."confirmed_count" >= 0 and "volunteer_shifts"."confirmed_count" <= "volunteer_shifts"."capacity"),
	CONSTRAINT "volunteer_shifts_waitlist_check" CHECK ("volunteer_shifts"."waitlist_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "volunteer_signups" (
	"id" serial PRIMARY KEY NOT NULL,
	"shift_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"status" text NOT NULL,
	"position" integer,
	"signed_up_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"promoted_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"check_in_method" text,
	"check_in_distance_m" integer,
	"check_in_flagged" boolean DEFAULT false NOT NULL,
	"checked_out_at" timestamp with time zone,
	"check_out_method" text,
	CONSTRAINT "volunteer_signups_status_check" CHECK ("volunteer_signups"."status" in ('confirmed', 'waitlisted', 'cancelled', 'no_show')),
	CONSTRAINT "volunteer_signups_position_check" CHECK (("volunteer_signups"."status" = 'waitlisted') = ("volunteer_signups"."position" is not null))
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_team_members_team_id_volunteer_id_pk" PRIMARY KEY("team_id","volunteer_id"),
	CONSTRAINT "volunteer_team_members_role_check" CHECK ("volunteer_team_members"."role" in ('member', 'leader'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"organization" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"volunteer_number" text GENERATED ALWAYS AS ('WMV' || lpad(id::text, 7, '0')) STORED NOT NULL,
	"real_name" text NOT NULL,
	"id_number_cipher" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"phone" text NOT NULL,
	"community_id" integer NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paused_until" timestamp with time zone,
	"calendar_token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "volunteers_id_number_hash_unique" UNIQUE("id_number_hash"),
	CONSTRAINT "volunteers_calendar_token_hash_unique" UNIQUE("calendar_token_hash")
);
--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_project_id_volunteer_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."volunteer_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_district_id_areas_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_project_id_volunteer_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."volunteer_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_hours_volunteer_idx" ON "volunteer_hours" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_hours_system_idx" ON "volunteer_hours" USING btree ("shift_id","volunteer_id") WHERE "volunteer_hours"."source" = 'system';--> statement-breakpoint
CREATE INDEX "volunteer_projects_team_idx" ON "volunteer_projects" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_starts_idx" ON "volunteer_shifts" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_project_idx" ON "volunteer_shifts" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_unsettled_idx" ON "volunteer_shifts" USING btree ("ends_at") WHERE "volunteer_shifts"."settled_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_signups_shift_volunteer_idx" ON "volunteer_signups" USING btree ("shift_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_signups_volunteer_idx" ON "volunteer_signups" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_volunteer_idx" ON "volunteer_team_members" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteers_community_idx" ON "volunteers" USING btree ("community_id");