CREATE TABLE "content_flags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"target_type" text NOT NULL,
	"target_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"reason" text NOT NULL,
	"counted" boolean NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_flags_target_check" CHECK ("content_flags"."target_type" in ('report', 'update', 'nomination', 'objection')),
	CONSTRAINT "content_flags_reason_check" CHECK ("content_flags"."reason" in ('personal_info', 'abuse', 'false', 'advertising', 'other')),
	CONSTRAINT "content_flags_status_check" CHECK ("content_flags"."status" in ('open', 'upheld', 'dismissed'))
);
--> statement-breakpoint
CREATE TABLE "content_reviews" (
	"target_type" text NOT NULL,
	"target_id" integer NOT NULL,
	"state" text NOT NULL,
	"author_id" integer,
	"hidden_at" timestamp with time zone,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"appealed_at" timestamp with time zone,
	"appeal_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_reviews_target_type_target_id_pk" PRIMARY KEY("target_type","target_id"),
	CONSTRAINT "content_reviews_state_check" CHECK ("content_reviews"."state" in ('hidden', 'restored', 'removed'))
);
--> statement-breakpoint
CREATE TABLE "point_awards" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"event" text NOT NULL,
	"source_key" text NOT NULL,
	"points" smallint NOT NULL,
	"requested" smallint NOT NULL,
	"status" text DEFAULT 'awarded' NOT NULL,
	"community_id" integer,
	"day" date NOT NULL,
	"note" text,
	"revoked_by" integer,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_awards_status_check" CHECK ("point_awards"."status" in ('awarded', 'review', 'revoked')),
	CONSTRAINT "point_awards_points_check" CHECK ("point_awards"."points" >= 0 and "point_awards"."requested" >= 0)
);
--> statement-breakpoint
CREATE TABLE "point_profiles" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"leaderboard_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "point_rules" (
	"event" text PRIMARY KEY NOT NULL,
	"points" smallint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_rules_points_check" CHECK ("point_rules"."points" between 0 and 1000),
	CONSTRAINT "point_rules_event_check" CHECK ("point_rules"."event" in ('report_accepted', 'report_verified', 'report_new_cell', 'nomination_accepted', 'volunteer_hours', 'quiz_completed'))
);
--> statement-breakpoint
CREATE TABLE "report_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"author_id" integer,
	"body" text NOT NULL,
	"mark" text,
	"status" text DEFAULT 'visible' NOT NULL,
	"photo_key" text,
	"photo_thumbnail_key" text,
	"photo_width" integer,
	"photo_height" integer,
	"hidden_reason" text,
	"moderated_by" integer,
	"moderated_at" timestamp with time zone,
	"mark_handled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_updates_mark_check" CHECK ("report_updates"."mark" is null or "report_updates"."mark" in ('still_there', 'fixed')),
	CONSTRAINT "report_updates_status_check" CHECK ("report_updates"."status" in ('pending', 'visible', 'hidden')),
	CONSTRAINT "report_updates_body_check" CHECK (char_length("report_updates"."body") between 1 and 1000)
);
--> statement-breakpoint
ALTER TABLE "content_flags" ADD CONSTRAINT "content_flags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_reviews" ADD CONSTRAINT "content_reviews_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_reviews" ADD CONSTRAINT "content_reviews_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_awards" ADD CONSTRAINT "point_awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_awards" ADD CONSTRAINT "point_awards_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_awards" ADD CONSTRAINT "point_awards_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_profiles" ADD CONSTRAINT "point_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_rules" ADD CONSTRAINT "point_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_updates" ADD CONSTRAINT "report_updates_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_updates" ADD CONSTRAINT "report_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_updates" ADD CONSTRAINT "report_updates_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "content_flags_once_idx" ON "content_flags" USING btree ("target_type","target_id","user_id");--> statement-breakpoint
CREATE INDEX "content_flags_user_idx" ON "content_flags" USING btree ("user_id","status","resolved_at");--> statement-breakpoint
CREATE INDEX "content_reviews_state_idx" ON "content_reviews" USING btree ("state","hidden_at");--> statement-breakpoint
CREATE UNIQUE INDEX "point_awards_once_idx" ON "point_awards" USING btree ("user_id","event","source_key");--> statement-breakpoint
CREATE INDEX "point_awards_user_day_idx" ON "point_awards" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "point_awards_day_idx" ON "point_awards" USING btree ("day","community_id");--> statement-breakpoint
CREATE INDEX "report_updates_report_idx" ON "report_updates" USING btree ("report_id","id");--> statement-breakpoint
CREATE INDEX "report_updates_status_idx" ON "report_updates" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "report_updates_author_idx" ON "report_updates" USING btree ("author_id","created_at");