CREATE TABLE "form_drafts" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"action" text NOT NULL,
	"result" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "form_drafts_expires_idx" ON "form_drafts" USING btree ("expires_at");