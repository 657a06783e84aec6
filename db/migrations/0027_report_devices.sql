CREATE TABLE "report_devices" (
	"report_id" integer PRIMARY KEY NOT NULL,
	"device_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_devices" ADD CONSTRAINT "report_devices_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_devices_hash_idx" ON "report_devices" USING btree ("device_hash","created_at");