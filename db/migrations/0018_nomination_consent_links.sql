CREATE TABLE "nomination_consent_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"nomination_id" integer NOT NULL,
	"phone_masked" text NOT NULL,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	CONSTRAINT "nomination_consent_requests_answer_check" CHECK ("nomination_consent_requests"."answer" is null or "nomination_consent_requests"."answer" in ('agreed', 'declined'))
);
--> statement-breakpoint
ALTER TABLE "nomination_consent_requests" ADD CONSTRAINT "nomination_consent_requests_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_consent_requests" ADD CONSTRAINT "nomination_consent_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "nomination_consent_requests_nomination_idx" ON "nomination_consent_requests" USING btree ("nomination_id","id");