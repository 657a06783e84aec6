CREATE TABLE "submission_hits" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "submission_hits_key_at_idx" ON "submission_hits" USING btree ("key","at");--> statement-breakpoint
CREATE INDEX "submission_hits_at_idx" ON "submission_hits" USING btree ("at");--> statement-breakpoint
UPDATE "volunteer_hours" AS h SET "starts_at" = greatest(s."checked_in_at", sh."starts_at"), "ends_at" = least(coalesce(s."checked_out_at", sh."ends_at"), sh."ends_at") FROM "volunteer_signups" AS s JOIN "volunteer_shifts" AS sh ON sh."id" = s."shift_id" WHERE h."source" = 'system' AND s."shift_id" = h."shift_id" AND s."volunteer_id" = h."volunteer_id" AND s."checked_in_at" IS NOT NULL;
