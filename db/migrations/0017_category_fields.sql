CREATE TABLE "report_category_fields" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_category_fields_kind_check" CHECK ("report_category_fields"."kind" in ('text', 'number', 'single', 'multi', 'yesno'))
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "attributes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "report_category_fields" ADD CONSTRAINT "report_category_fields_category_id_report_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."report_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_category_fields_code_idx" ON "report_category_fields" USING btree ("category_id","code");