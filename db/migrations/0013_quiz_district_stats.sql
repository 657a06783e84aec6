CREATE TABLE "quiz_question_district_stats" (
	"campaign_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"answered" integer NOT NULL,
	"correct" integer NOT NULL,
	CONSTRAINT "quiz_question_district_stats_campaign_id_question_id_district_id_pk" PRIMARY KEY("campaign_id","question_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_respondent_district_stats" (
	"campaign_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"respondents" integer NOT NULL,
	CONSTRAINT "quiz_respondent_district_stats_campaign_id_district_id_pk" PRIMARY KEY("campaign_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "survey_district_stats" (
	"campaign_id" integer NOT NULL,
	"item" text NOT NULL,
	"district_id" integer NOT NULL,
	"answered" integer NOT NULL,
	"favourable" integer NOT NULL,
	CONSTRAINT "survey_district_stats_campaign_id_item_district_id_pk" PRIMARY KEY("campaign_id","item","district_id")
);
--> statement-breakpoint
-- Hand-written backfill: the per-district grain from the per-community-and-week one.
INSERT INTO "quiz_respondent_district_stats" ("campaign_id", "district_id", "respondents")
SELECT "campaign_id", "district_id", sum("respondents")::int FROM "quiz_respondent_stats" GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "quiz_question_district_stats" ("campaign_id", "question_id", "district_id", "answered", "correct")
SELECT "campaign_id", "question_id", "district_id", sum("answered")::int, sum("correct")::int FROM "quiz_question_stats" GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "survey_district_stats" ("campaign_id", "item", "district_id", "answered", "favourable")
SELECT "campaign_id", "item", "district_id", sum("answered")::int, sum("favourable")::int FROM "survey_stats" GROUP BY 1, 2, 3;
