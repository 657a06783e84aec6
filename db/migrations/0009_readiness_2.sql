ALTER TABLE "reports" DROP CONSTRAINT "reports_source_check";--> statement-breakpoint
ALTER TABLE "mock_round_stops" ADD COLUMN "inspector_id" integer;--> statement-breakpoint
ALTER TABLE "mock_rounds" ADD COLUMN "ends_at" timestamp with time zone DEFAULT now() + interval '7 days' NOT NULL;--> statement-breakpoint
ALTER TABLE "mock_round_stops" ADD CONSTRAINT "mock_round_stops_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mock_round_stops_inspector_idx" ON "mock_round_stops" USING btree ("inspector_id");--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_source_check" CHECK ("reports"."source" in ('web', 'hotline', 'open311', 'inspection'));