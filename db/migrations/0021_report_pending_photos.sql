CREATE TABLE "report_pending_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" integer NOT NULL,
	"key" text NOT NULL,
	"thumbnail_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_pending_photos" ADD CONSTRAINT "report_pending_photos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_pending_photos_token_idx" ON "report_pending_photos" USING btree ("token","user_id");--> statement-breakpoint
CREATE INDEX "report_pending_photos_created_idx" ON "report_pending_photos" USING btree ("created_at");