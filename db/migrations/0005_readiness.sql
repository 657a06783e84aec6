CREATE TABLE "checklist_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"text_zh" text NOT NULL,
	"text_en" text NOT NULL,
	"weight" smallint NOT NULL,
	"category_code" text NOT NULL,
	CONSTRAINT "checklist_items_weight_check" CHECK ("checklist_items"."weight" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_type" text NOT NULL,
	"version" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_answers" (
	"inspection_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"answer" text NOT NULL,
	"note" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report_id" integer,
	CONSTRAINT "inspection_answers_inspection_id_item_id_pk" PRIMARY KEY("inspection_id","item_id"),
	CONSTRAINT "inspection_answers_answer_check" CHECK ("inspection_answers"."answer" in ('pass', 'fail', 'na'))
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"template_id" integer NOT NULL,
	"inspector_id" integer,
	"mock_round_id" integer,
	"score" real NOT NULL,
	"passed_weight" integer NOT NULL,
	"total_weight" integer NOT NULL,
	"failed_count" smallint NOT NULL,
	"client_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mock_round_stops" (
	"round_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"kind" text NOT NULL,
	"site_id" integer,
	"area_id" integer,
	CONSTRAINT "mock_round_stops_round_id_position_pk" PRIMARY KEY("round_id","position"),
	CONSTRAINT "mock_round_stops_kind_check" CHECK ("mock_round_stops"."kind" in ('site', 'street')),
	CONSTRAINT "mock_round_stops_target_check" CHECK (("mock_round_stops"."site_id" is null) <> ("mock_round_stops"."area_id" is null))
);
--> statement-breakpoint
CREATE TABLE "mock_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"seed" integer NOT NULL,
	"proportions" jsonb NOT NULL,
	"street_count" smallint NOT NULL,
	"pool" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "readiness_sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"grid_id" integer,
	"community_id" integer,
	"subdistrict_id" integer,
	"district_id" integer,
	"department_id" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_inspection_id" integer,
	"last_score" real,
	"last_inspected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "readiness_sites_code_unique" UNIQUE("code"),
	CONSTRAINT "readiness_sites_type_check" CHECK ("readiness_sites"."type" in ('main_road', 'back_street', 'community', 'farmers_market', 'square', 'park', 'public_toilet', 'coach_station', 'bus_terminal', 'railway_station', 'service_hall', 'hospital', 'school', 'library', 'tourist_center', 'shopping_street', 'restaurant', 'internet_cafe', 'entertainment', 'business_hall', 'construction_site'))
);
--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_site_id_readiness_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."readiness_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_mock_round_id_mock_rounds_id_fk" FOREIGN KEY ("mock_round_id") REFERENCES "public"."mock_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_round_stops" ADD CONSTRAINT "mock_round_stops_round_id_mock_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."mock_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_round_stops" ADD CONSTRAINT "mock_round_stops_site_id_readiness_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."readiness_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_round_stops" ADD CONSTRAINT "mock_round_stops_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_rounds" ADD CONSTRAINT "mock_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_sites" ADD CONSTRAINT "readiness_sites_grid_id_areas_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_sites" ADD CONSTRAINT "readiness_sites_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_sites" ADD CONSTRAINT "readiness_sites_subdistrict_id_areas_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_sites" ADD CONSTRAINT "readiness_sites_district_id_areas_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_sites" ADD CONSTRAINT "readiness_sites_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_items_template_idx" ON "checklist_items" USING btree ("template_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_templates_type_version_idx" ON "checklist_templates" USING btree ("site_type","version");--> statement-breakpoint
CREATE INDEX "inspection_answers_report_idx" ON "inspection_answers" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_client_key_idx" ON "inspections" USING btree ("inspector_id","client_key");--> statement-breakpoint
CREATE INDEX "inspections_site_idx" ON "inspections" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "inspections_created_idx" ON "inspections" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "inspections_round_idx" ON "inspections" USING btree ("mock_round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mock_round_stops_site_idx" ON "mock_round_stops" USING btree ("round_id","site_id");--> statement-breakpoint
CREATE INDEX "readiness_sites_type_idx" ON "readiness_sites" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "readiness_sites_district_idx" ON "readiness_sites" USING btree ("district_id");