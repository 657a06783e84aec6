CREATE TABLE "nomination_announcements" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"announced_by" integer,
	"announced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nomination_announcements_round_id_unique" UNIQUE("round_id")
);
--> statement-breakpoint
CREATE TABLE "nomination_ballot_bursts" (
	"round_id" integer NOT NULL,
	"ip" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"ballots" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nomination_ballots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"ip" text NOT NULL,
	"picks" integer NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"discounted_at" timestamp with time zone,
	"discount_reason" text,
	"kept_at" timestamp with time zone,
	"reviewed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nomination_objections" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"nomination_id" integer NOT NULL,
	"user_id" integer,
	"objector_name" text DEFAULT '' NOT NULL,
	"objector_contact" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nomination_objections_status_check" CHECK ("nomination_objections"."status" in ('open', 'upheld', 'dismissed'))
);
--> statement-breakpoint
CREATE TABLE "nomination_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"nomination_id" integer NOT NULL,
	"position" integer NOT NULL,
	"private_key" text NOT NULL,
	"private_thumbnail_key" text NOT NULL,
	"public_key" text,
	"public_thumbnail_key" text,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nomination_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"nomination_opens_at" timestamp with time zone NOT NULL,
	"review_opens_at" timestamp with time zone NOT NULL,
	"voting_opens_at" timestamp with time zone NOT NULL,
	"voting_closes_at" timestamp with time zone NOT NULL,
	"notice_opens_at" timestamp with time zone NOT NULL,
	"notice_closes_at" timestamp with time zone NOT NULL,
	"picks_per_account" integer DEFAULT 10 NOT NULL,
	"flagged_votes_policy" text DEFAULT 'include' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nomination_rounds_kind_check" CHECK ("nomination_rounds"."kind" in ('good_people', 'moral_model')),
	CONSTRAINT "nomination_rounds_policy_check" CHECK ("nomination_rounds"."flagged_votes_policy" in ('include', 'exclude')),
	CONSTRAINT "nomination_rounds_picks_check" CHECK ("nomination_rounds"."picks_per_account" between 1 and 100),
	CONSTRAINT "nomination_rounds_schedule_check" CHECK ("nomination_rounds"."nomination_opens_at" <= "nomination_rounds"."review_opens_at" and "nomination_rounds"."review_opens_at" <= "nomination_rounds"."voting_opens_at" and "nomination_rounds"."voting_opens_at" <= "nomination_rounds"."voting_closes_at" and "nomination_rounds"."voting_closes_at" <= "nomination_rounds"."notice_opens_at" and "nomination_rounds"."notice_opens_at" <= "nomination_rounds"."notice_closes_at")
);
--> statement-breakpoint
CREATE TABLE "nomination_story_edits" (
	"id" serial PRIMARY KEY NOT NULL,
	"nomination_id" integer NOT NULL,
	"before" text NOT NULL,
	"after" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"edited_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nomination_votes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ballot_id" bigint NOT NULL,
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"nomination_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nominations" (
	"id" serial PRIMARY KEY NOT NULL,
	"nominee_name" text NOT NULL,
	"community_id" integer NOT NULL,
	"category" text NOT NULL,
	"story" text NOT NULL,
	"published_story" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"round_id" integer,
	"nominator_id" integer NOT NULL,
	"nominator_contact" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"office_message" text,
	"consent_method" text,
	"consent_obtained_by" text,
	"consent_obtained_at" timestamp with time zone,
	"consent_recorded_by" integer,
	"consent_recorded_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nominations_status_check" CHECK ("nominations"."status" in ('submitted', 'info_requested', 'accepted', 'published', 'shortlisted', 'honoured', 'not_selected', 'rejected')),
	CONSTRAINT "nominations_category_check" CHECK ("nominations"."category" in ('helping', 'bravery', 'honesty', 'dedication', 'filial')),
	CONSTRAINT "nominations_consent_check" CHECK ("nominations"."status" not in ('published', 'shortlisted', 'honoured', 'not_selected') or ("nominations"."consent_recorded_at" is not null and "nominations"."round_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "nomination_announcements" ADD CONSTRAINT "nomination_announcements_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_announcements" ADD CONSTRAINT "nomination_announcements_announced_by_users_id_fk" FOREIGN KEY ("announced_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_ballot_bursts" ADD CONSTRAINT "nomination_ballot_bursts_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_ballots" ADD CONSTRAINT "nomination_ballots_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_ballots" ADD CONSTRAINT "nomination_ballots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_ballots" ADD CONSTRAINT "nomination_ballots_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_objections" ADD CONSTRAINT "nomination_objections_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_objections" ADD CONSTRAINT "nomination_objections_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_objections" ADD CONSTRAINT "nomination_objections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_objections" ADD CONSTRAINT "nomination_objections_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_photos" ADD CONSTRAINT "nomination_photos_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_rounds" ADD CONSTRAINT "nomination_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_story_edits" ADD CONSTRAINT "nomination_story_edits_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_story_edits" ADD CONSTRAINT "nomination_story_edits_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_votes" ADD CONSTRAINT "nomination_votes_ballot_id_nomination_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."nomination_ballots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_votes" ADD CONSTRAINT "nomination_votes_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_votes" ADD CONSTRAINT "nomination_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_votes" ADD CONSTRAINT "nomination_votes_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_nominator_id_users_id_fk" FOREIGN KEY ("nominator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_consent_recorded_by_users_id_fk" FOREIGN KEY ("consent_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "nomination_ballot_bursts_key_idx" ON "nomination_ballot_bursts" USING btree ("round_id","ip","window_start");--> statement-breakpoint
CREATE UNIQUE INDEX "nomination_ballots_round_user_idx" ON "nomination_ballots" USING btree ("round_id","user_id");--> statement-breakpoint
CREATE INDEX "nomination_ballots_round_ip_idx" ON "nomination_ballots" USING btree ("round_id","ip","created_at");--> statement-breakpoint
CREATE INDEX "nomination_objections_round_idx" ON "nomination_objections" USING btree ("round_id","status");--> statement-breakpoint
CREATE INDEX "nomination_photos_nomination_idx" ON "nomination_photos" USING btree ("nomination_id","position");--> statement-breakpoint
CREATE INDEX "nomination_rounds_voting_idx" ON "nomination_rounds" USING btree ("voting_opens_at");--> statement-breakpoint
CREATE INDEX "nomination_story_edits_nomination_idx" ON "nomination_story_edits" USING btree ("nomination_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "nomination_votes_round_user_nominee_idx" ON "nomination_votes" USING btree ("round_id","user_id","nomination_id");--> statement-breakpoint
CREATE INDEX "nomination_votes_nomination_idx" ON "nomination_votes" USING btree ("nomination_id");--> statement-breakpoint
CREATE INDEX "nomination_votes_ballot_idx" ON "nomination_votes" USING btree ("ballot_id");--> statement-breakpoint
CREATE INDEX "nominations_status_idx" ON "nominations" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "nominations_round_idx" ON "nominations" USING btree ("round_id","status");--> statement-breakpoint
CREATE INDEX "nominations_nominator_idx" ON "nominations" USING btree ("nominator_id");