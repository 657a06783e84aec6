CREATE TABLE "volunteer_certificate_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"volunteer_id" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"certificate_id" integer,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_certificate_requests_status_check" CHECK ("volunteer_certificate_requests"."status" in ('pending', 'issued'))
);
--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD COLUMN "revoked_by" integer;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD COLUMN "revoke_reason" text;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "volunteer_certificate_requests" ADD CONSTRAINT "volunteer_certificate_requests_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificate_requests" ADD CONSTRAINT "volunteer_certificate_requests_certificate_id_volunteer_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."volunteer_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_certificate_requests_volunteer_idx" ON "volunteer_certificate_requests" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_certificate_requests_pending_idx" ON "volunteer_certificate_requests" USING btree ("status") WHERE "volunteer_certificate_requests"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;