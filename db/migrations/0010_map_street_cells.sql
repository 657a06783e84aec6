CREATE TABLE "report_street_cells" (
	"cell" bigint PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"sum_lat" double precision NOT NULL,
	"sum_lng" double precision NOT NULL
);
--> statement-breakpoint
-- Reports already there: the public ones counted per zoom-17 cell (360 / 2^19 degrees), as bumpMapCells will keep them.
INSERT INTO "report_street_cells" ("cell", "count", "sum_lat", "sum_lng")
SELECT floor("lng" / 0.0006866455078125)::bigint * 1048576 + floor("lat" / 0.0006866455078125)::bigint + 524288, count(*), sum("lat"), sum("lng")
FROM "reports"
WHERE "status" IN ('accepted', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed')
GROUP BY 1;
