CREATE TABLE "quiz_answers" (
	"attempt_id" bigint NOT NULL,
	"question_id" integer NOT NULL,
	"chosen" jsonb NOT NULL,
	"correct" boolean NOT NULL,
	CONSTRAINT "quiz_answers_attempt_id_question_id_pk" PRIMARY KEY("attempt_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"counted" boolean NOT NULL,
	"state" text DEFAULT 'in_progress' NOT NULL,
	"drawn" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" integer,
	"community_id" integer NOT NULL,
	"subdistrict_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"age_band" text,
	"gender" text,
	CONSTRAINT "quiz_attempts_state_check" CHECK ("quiz_attempts"."state" in ('in_progress', 'submitted', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "quiz_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"questions_per_attempt" integer NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"with_survey" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_campaigns_state_check" CHECK ("quiz_campaigns"."state" in ('draft', 'open', 'closed')),
	CONSTRAINT "quiz_campaigns_size_check" CHECK ("quiz_campaigns"."questions_per_attempt" between 1 and 100 and "quiz_campaigns"."time_limit_seconds" between 30 and 7200)
);
--> statement-breakpoint
CREATE TABLE "quiz_question_stats" (
	"campaign_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"subdistrict_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"week" date NOT NULL,
	"answered" integer NOT NULL,
	"correct" integer NOT NULL,
	CONSTRAINT "quiz_question_stats_campaign_id_question_id_community_id_subdistrict_id_district_id_week_pk" PRIMARY KEY("campaign_id","question_id","community_id","subdistrict_id","district_id","week")
);
--> statement-breakpoint
CREATE TABLE "quiz_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"topic" text NOT NULL,
	"kind" text NOT NULL,
	"difficulty" smallint NOT NULL,
	"prompt_zh" text NOT NULL,
	"prompt_en" text DEFAULT '' NOT NULL,
	"options" jsonb NOT NULL,
	"correct" jsonb NOT NULL,
	"explanation_zh" text NOT NULL,
	"explanation_en" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_questions_code_unique" UNIQUE("code"),
	CONSTRAINT "quiz_questions_kind_check" CHECK ("quiz_questions"."kind" in ('single', 'multiple', 'true_false')),
	CONSTRAINT "quiz_questions_difficulty_check" CHECK ("quiz_questions"."difficulty" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "quiz_respondent_stats" (
	"campaign_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"subdistrict_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"week" date NOT NULL,
	"respondents" integer NOT NULL,
	CONSTRAINT "quiz_respondent_stats_campaign_id_community_id_subdistrict_id_district_id_week_pk" PRIMARY KEY("campaign_id","community_id","subdistrict_id","district_id","week")
);
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"attempt_id" bigint NOT NULL,
	"item" text NOT NULL,
	"value" smallint NOT NULL,
	CONSTRAINT "survey_answers_attempt_id_item_pk" PRIMARY KEY("attempt_id","item"),
	CONSTRAINT "survey_answers_value_check" CHECK ("survey_answers"."value" between 1 and 5),
	CONSTRAINT "survey_answers_item_check" CHECK ("survey_answers"."item" in ('support', 'participation', 'satisfaction'))
);
--> statement-breakpoint
CREATE TABLE "survey_stats" (
	"campaign_id" integer NOT NULL,
	"item" text NOT NULL,
	"district_id" integer NOT NULL,
	"subdistrict_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"week" date NOT NULL,
	"answered" integer NOT NULL,
	"favourable" integer NOT NULL,
	CONSTRAINT "survey_stats_campaign_id_item_community_id_subdistrict_id_district_id_week_pk" PRIMARY KEY("campaign_id","item","community_id","subdistrict_id","district_id","week")
);
--> statement-breakpoint
ALTER TABLE "quiz_answers" ADD CONSTRAINT "quiz_answers_attempt_id_quiz_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."quiz_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_answers" ADD CONSTRAINT "quiz_answers_question_id_quiz_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."quiz_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_campaign_id_quiz_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."quiz_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_subdistrict_id_areas_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_district_id_areas_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_attempt_id_quiz_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."quiz_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quiz_answers_question_idx" ON "quiz_answers" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_one_counted_idx" ON "quiz_attempts" USING btree ("campaign_id","user_id") WHERE "quiz_attempts"."counted";--> statement-breakpoint
CREATE INDEX "quiz_attempts_user_idx" ON "quiz_attempts" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "quiz_attempts_campaign_idx" ON "quiz_attempts" USING btree ("campaign_id","state");--> statement-breakpoint
CREATE INDEX "quiz_questions_topic_idx" ON "quiz_questions" USING btree ("topic","active");