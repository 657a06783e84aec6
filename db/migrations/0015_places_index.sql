DROP INDEX "places_bbox_idx";--> statement-breakpoint
CREATE INDEX "places_updated_idx" ON "places" USING btree ("updated_at");