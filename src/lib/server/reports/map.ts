/**
 * Server-side clustering for the public map, fast at a million reports.
 *
 * A map cell at zoom z is 1/4 of a web-map tile (about 64 px): 360 / 2^(z+2) degrees. Reports are
 * counted per cell, category and status at zoom levels 10, 12, 14 and 16 (report_map_cells), kept
 * in step by every write in the writer's transaction; a view at zoom z reads the nearest finer level
 * and groups its cells into zoom-z cells, so a city-wide view reads a few hundred rows. Views at
 * zoom 17 and closer, and any view filtered by date or district, read the reports themselves through
 * the zoom-14 cell column (reports.map_cell) and lat/lng, a few thousand index entries at most.
 * Every point answered is a public one (public-point.ts), rounded to about 50 m: the map is public.
 * A report hidden by flags is in no count and no marker until a moderator restores it
 * (countVisibilityChange, called by the flags). The answer's targets never overlap on screen: they
 * are merged at the view's zoom until each keeps apart from the others (src/lib/geo/markers.ts).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../../db/client';
import { reportCategories, reports, type ReportStatus } from '../../../../db/schema';
import { isHidden, publicOnly } from '../community/visibility';
import { declutter, type Target as MarkerTarget } from '../../geo/markers';
import { cachedForOneSecond } from '../cache';
import { PUBLIC_POINT_DEGREES, publicDegrees, publicDegreesSql } from './public-point';
import { PUBLIC_STATUSES } from './workflow';

export const SUMMARY_LEVELS = [10, 12, 14, 16] as const;
/** The level of the reports.map_cell column. */
export const MAP_CELL_LEVEL = 14;
/** At this zoom and closer every report is its own marker unless they share a cell. */
export const RAW_ZOOM = 17;
const MAX_MARKERS = 5000;
/**
 * What one view answers at most: more markers than this help nobody on a phone. A street-level view
 * of a busy district holds over a thousand reports; they are then grouped on a grid over the view
 * (in memory, from the rows already read) until no more than this many remain.
 */
export const VIEW_ITEMS_MAX = 300;
const COARSE_GRID = 16;
/** Up to this many reports in view, the reports themselves are read (cheap, and lone ones get ids). */
const FEW = 2000;

export const cellSize = (level: number) => 360 / 2 ** (level + 2);
export const cellIndex = (degrees: number, level: number) => Math.floor(degrees / cellSize(level));

/** One bigint per cell: x in the high bits, y (offset to stay positive) in the low 20. */
const KEY_X = 2 ** 20;
const KEY_Y_OFFSET = 2 ** 19;
const cellKey = (cx: number, cy: number) => cx * KEY_X + cy + KEY_Y_OFFSET;

/** The zoom-14 cell of a point, as stored in reports.map_cell. */
export function mapCellKey(lat: number, lng: number): number {
  return cellKey(cellIndex(lng, MAP_CELL_LEVEL), cellIndex(lat, MAP_CELL_LEVEL));
}

/** The zoom at which unfiltered views read report_street_cells (public reports per cell, all together). */
export const STREET_ZOOM = 17;
/** The most street cells one view reads; a larger view at that zoom reads the reports. */
const STREET_CELLS_MAX = 2000;

/** The same key in SQL, for bulk inserts. */
export function mapCellKeySql(lat: SQL, lng: SQL, level: number = MAP_CELL_LEVEL): SQL {
  const size = cellSize(level);
  return sql`(floor(${lng} / ${size}::float8)::bigint * ${sql.raw(String(KEY_X))} + floor(${lat} / ${size}::float8)::bigint + ${sql.raw(String(KEY_Y_OFFSET))})`;
}

interface Counted {
  lat: number;
  lng: number;
  categoryId: number;
  status: ReportStatus;
}

/**
 * Keeps the map counts in step with one report's new status (`from` null: a new report). Every
 * write that creates a report or changes its status calls this, last in its transaction (after the
 * report's row is updated, so under its row lock), so that the row locks on busy cells are held
 * briefly. A report hidden by flags is not counted (countVisibilityChange), so its changes are not either.
 */
export async function countStatusChange(db: Db, report: Omit<Counted, 'status'> & { id?: number }, from: ReportStatus | null, to: ReportStatus): Promise<void> {
  if (from !== null && report.id !== undefined && (await isHidden(db, 'report', report.id))) return;
  const changes: { report: Counted; delta: 1 | -1 }[] = [{ report: { ...report, status: to }, delta: 1 }];
  if (from !== null) changes.unshift({ report: { ...report, status: from }, delta: -1 });
  await bumpMapCells(db, changes);
}

/**
 * Takes a report's row lock for a change of its hidden state (flags, a moderator's decision), and
 * gives what its counts need. Call it before reading the hidden state: transitions update the row
 * first and read the hidden state after (countStatusChange), so the two never count past each other.
 */
export async function lockCountedReport(db: Db, reportId: number): Promise<Counted | null> {
  const [row] = await db
    .select({ lat: reports.lat, lng: reports.lng, categoryId: reports.categoryId, status: reports.status })
    .from(reports)
    .where(eq(reports.id, reportId))
    .for('update');
  return row ?? null;
}

/** A report leaves every map count when flags hide it (`hidden` true) and comes back when restored. */
export async function countVisibilityChange(db: Db, report: Counted, hidden: boolean): Promise<void> {
  await bumpMapCells(db, [{ report, delta: hidden ? -1 : 1 }]);
}

/** Moves reports between counts: -1 for their old status, +1 for the new, at every level. */
async function bumpMapCells(db: Db, changes: { report: Counted; delta: 1 | -1 }[]): Promise<void> {
  const rows = new Map<string, { level: number; cx: number; cy: number; categoryId: number; status: string; count: number; sumLat: number; sumLng: number }>();
  for (const { report, delta } of changes) {
    for (const level of SUMMARY_LEVELS) {
      const cx = cellIndex(report.lng, level);
      const cy = cellIndex(report.lat, level);
      const key = `${level}:${cx}:${cy}:${report.categoryId}:${report.status}`;
      const row = rows.get(key) ?? { level, cx, cy, categoryId: report.categoryId, status: report.status, count: 0, sumLat: 0, sumLng: 0 };
      row.count += delta;
      row.sumLat += delta * report.lat;
      row.sumLng += delta * report.lng;
      rows.set(key, row);
    }
  }
  const values = [...rows.values()].filter((row) => row.count !== 0);
  if (values.length === 0) return;
  // A fixed order of keys, so that two writers touching the same cells lock them in the same order.
  values.sort((a, b) => a.level - b.level || a.cx - b.cx || a.cy - b.cy || a.categoryId - b.categoryId || a.status.localeCompare(b.status));
  const tuples = sql.join(
    values.map((v) => sql`(${v.level}::smallint, ${v.cx}::int, ${v.cy}::int, ${v.categoryId}::int, ${v.status}, ${v.count}::int, ${v.sumLat}::float8, ${v.sumLng}::float8)`),
    sql`, `,
  );
  await db.execute(sql`insert into report_map_cells (level, cx, cy, category_id, status, count, sum_lat, sum_lng)
    values ${tuples}
    on conflict (level, cx, cy, category_id, status) do update set
      count = report_map_cells.count + excluded.count,
      sum_lat = report_map_cells.sum_lat + excluded.sum_lat,
      sum_lng = report_map_cells.sum_lng + excluded.sum_lng`);
  await bumpStreetCells(db, changes);
}

/** The public reports per zoom-17 cell; statuses out of public view are not counted. */
async function bumpStreetCells(db: Db, changes: { report: Counted; delta: 1 | -1 }[]): Promise<void> {
  const cells = new Map<number, { cell: number; count: number; sumLat: number; sumLng: number }>();
  for (const { report, delta } of changes) {
    if (!PUBLIC_STATUSES.includes(report.status)) continue;
    const cell = cellKey(cellIndex(report.lng, STREET_ZOOM), cellIndex(report.lat, STREET_ZOOM));
    const row = cells.get(cell) ?? { cell, count: 0, sumLat: 0, sumLng: 0 };
    row.count += delta;
    row.sumLat += delta * report.lat;
    row.sumLng += delta * report.lng;
    cells.set(cell, row);
  }
  const values = [...cells.values()].filter((row) => row.count !== 0).sort((a, b) => a.cell - b.cell);
  if (values.length === 0) return;
  await db.execute(sql`insert into report_street_cells (cell, count, sum_lat, sum_lng)
    values ${sql.join(
      values.map((v) => sql`(${v.cell}::bigint, ${v.count}::int, ${v.sumLat}::float8, ${v.sumLng}::float8)`),
      sql`, `,
    )}
    on conflict (cell) do update set
      count = report_street_cells.count + excluded.count,
      sum_lat = report_street_cells.sum_lat + excluded.sum_lat,
      sum_lng = report_street_cells.sum_lng + excluded.sum_lng`);
}

/** Recounts every cell from the reports not hidden by flags (after a bulk load, or to repair). */
export async function rebuildMapCells(db: Db): Promise<void> {
  const shown = publicOnly('report', sql`reports.id`);
  await db.execute(sql`delete from report_map_cells`);
  for (const level of SUMMARY_LEVELS) {
    const size = cellSize(level);
    await db.execute(sql`insert into report_map_cells (level, cx, cy, category_id, status, count, sum_lat, sum_lng)
      select ${level}::smallint, floor(lng / ${size}::float8)::int, floor(lat / ${size}::float8)::int, category_id, status, count(*), sum(lat), sum(lng)
      from reports where ${shown} group by 2, 3, 4, 5`);
  }
  await db.execute(sql`delete from report_street_cells`);
  await db.execute(sql`insert into report_street_cells (cell, count, sum_lat, sum_lng)
    select ${mapCellKeySql(sql`lat`, sql`lng`, STREET_ZOOM)}, count(*), sum(lat), sum(lng)
    from reports where status in (${statusList()}) and ${shown} group by 1`);
}

export interface MapQuery {
  bbox: { west: number; south: number; east: number; north: number };
  zoom: number;
  categoryId?: number | undefined;
  status?: ReportStatus | undefined;
  districtId?: number | undefined;
  /** Inclusive, on created_at. */
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface MapCluster {
  lat: number;
  lng: number;
  count: number;
}
export interface MapMarker {
  id: number;
  lat: number;
  lng: number;
  category: string;
  status: ReportStatus;
}

type Row = { count: number | string; lat: number | string; lng: number | string; id: number | null; category_id: number | null; status: ReportStatus | null };

const statusList = (status?: ReportStatus) =>
  sql.join(
    (status ? (PUBLIC_STATUSES.includes(status) ? [status] : []) : PUBLIC_STATUSES).map((value) => sql`${value}`),
    sql`, `,
  );

export async function mapClusters(db: Db, query: MapQuery): Promise<{ clusters: MapCluster[]; reports: MapMarker[] }> {
  const zoom = Math.max(1, Math.min(20, Math.round(query.zoom)));
  const { west, south, east, north } = query.bbox;
  const statuses = statusList(query.status);
  if (query.status && !PUBLIC_STATUSES.includes(query.status)) return { clusters: [], reports: [] };
  const size = cellSize(zoom);
  const useSummary = zoom < RAW_ZOOM && !query.from && !query.to && query.districtId === undefined;
  let result: unknown;
  if (useSummary) {
    const level = SUMMARY_LEVELS.find((candidate) => candidate >= zoom) ?? 16;
    const factor = 2 ** (level - zoom);
    result = await db.execute(sql`select sum(count)::int as count, sum(sum_lat) / sum(count) as lat, sum(sum_lng) / sum(count) as lng,
        null::int as id, null::int as category_id, null as status
      from report_map_cells
      where level = ${level} and cx between ${cellIndex(west, level)} and ${cellIndex(east, level)}
        and cy between ${cellIndex(south, level)} and ${cellIndex(north, level)}
        and status in (${statuses}) ${query.categoryId !== undefined ? sql`and category_id = ${query.categoryId}` : sql``}
        and count > 0
      group by floor(cx::float8 / ${factor}), floor(cy::float8 / ${factor})
      limit ${MAX_MARKERS}`);
    // Few reports in view: read them, so that lone reports come back as markers with their ids.
    if (rowsOf<Row>(result).reduce((total, row) => total + Number(row.count), 0) > FEW) return collect(coarsen(rowsOf<Row>(result), query.bbox), new Map(), zoom);
  }
  const unfiltered = query.categoryId === undefined && !query.status && query.districtId === undefined && !query.from && !query.to;
  if (zoom === STREET_ZOOM && unfiltered) {
    const streetCells = await readStreetCells(db, query.bbox);
    // A lone report needs its id, category and status: then (rare in a busy street) read the reports.
    if (streetCells && streetCells.every((row) => Number(row.count) > 1)) return collect(coarsen(streetCells, query.bbox), new Map(), zoom);
  }
  // Otherwise (or when few are in view): the reports themselves.
  {
    // Reports hidden by flags are left out, as they are of the kept counts.
    const filters: SQL[] = [sql`r.status in (${statuses})`, publicOnly('report', sql`r.id`)];
    if (query.categoryId !== undefined) filters.push(sql`r.category_id = ${query.categoryId}`);
    if (query.districtId !== undefined) filters.push(sql`r.district_id = ${query.districtId}`);
    if (query.from) filters.push(sql`r.created_at >= ${query.from.toISOString()}::timestamptz`);
    if (query.to) filters.push(sql`r.created_at < ${query.to.toISOString()}::timestamptz`);
    // The view holds the reports whose public point is in it (a tiny view must not tell more than
    // the public point): the cells are read with half a grid step around the view.
    const margin = PUBLIC_POINT_DEGREES / 2;
    const cells = coveringCells({ west: west - margin, south: south - margin, east: east + margin, north: north + margin });
    const where = cells ? sql`r.map_cell = any(${bigintArray(cells)})` : sql`true`;
    const lat = publicDegreesSql(sql`r.lat`);
    const lng = publicDegreesSql(sql`r.lng`);
    // Category codes come from memory rather than a join: the join was 40% of this query's time.
    result = await db.execute(sql`select count(*)::int as count, avg(${lat}) as lat, avg(${lng}) as lng,
        min(r.id) as id, min(r.category_id) as category_id, min(r.status) as status
      from reports r
      where ${where} and r.lat between ${south - margin} and ${north + margin} and r.lng between ${west - margin} and ${east + margin}
        and ${lat} between ${south} and ${north} and ${lng} between ${west} and ${east}
        and ${sql.join(filters, sql` and `)}
      group by floor(${lng} / ${size}::float8), floor(${lat} / ${size}::float8)
      limit ${MAX_MARKERS}`);
  }
  return collect(coarsen(rowsOf<Row>(result), query.bbox), await categoryCodes(db), zoom);
}

/** The street cells under a view with any public report, or null when the view holds too many cells. */
async function readStreetCells(db: Db, bbox: MapQuery['bbox']): Promise<Row[] | null> {
  const keys = cellKeysUnder(bbox, STREET_ZOOM, STREET_CELLS_MAX);
  if (!keys) return null;
  const result = await db.execute(sql`select count, sum_lat / count as lat, sum_lng / count as lng, null::int as id, null::int as category_id, null as status
    from report_street_cells where cell = any(${bigintArray(keys)}) and count > 0`);
  return rowsOf<Row>(result);
}

/** Every category's code by id (inactive ones too: old reports keep theirs), at most a second old. */
function categoryCodes(db: Db): Promise<Map<number, string>> {
  return cachedForOneSecond(db, 'category-codes', async () => {
    const rows = await db.select({ id: reportCategories.id, code: reportCategories.code }).from(reportCategories);
    return new Map(rows.map((row) => [row.id, row.code]));
  });
}

/**
 * mapClusters for the public map, answered from memory for a second per process: many people open
 * the same views (the city, their district) and the answer is public and already sent with
 * Cache-Control max-age=30, so a second of staleness costs nothing.
 */
export function publicMapClusters(db: Db, query: MapQuery): Promise<{ clusters: MapCluster[]; reports: MapMarker[] }> {
  return cachedForOneSecond(db, `map:${JSON.stringify(query)}`, () => mapClusters(db, query));
}

/** Merges rows into at most COARSE_GRID² clusters over the view when there are more than VIEW_ITEMS_MAX. */
function coarsen(rows: Row[], bbox: MapQuery['bbox']): Row[] {
  if (rows.length <= VIEW_ITEMS_MAX) return rows;
  const width = (bbox.east - bbox.west) / COARSE_GRID;
  const height = (bbox.north - bbox.south) / COARSE_GRID;
  const merged = new Map<number, { count: number; sumLat: number; sumLng: number; first: Row }>();
  for (const row of rows) {
    const count = Number(row.count);
    const lat = Number(row.lat);
    const lng = Number(row.lng);
    const x = Math.min(COARSE_GRID - 1, Math.max(0, Math.floor((lng - bbox.west) / width)));
    const y = Math.min(COARSE_GRID - 1, Math.max(0, Math.floor((lat - bbox.south) / height)));
    const key = y * COARSE_GRID + x;
    const cell = merged.get(key);
    if (cell) {
      cell.count += count;
      cell.sumLat += lat * count;
      cell.sumLng += lng * count;
    } else merged.set(key, { count, sumLat: lat * count, sumLng: lng * count, first: row });
  }
  return [...merged.values()].map((cell) =>
    cell.count === Number(cell.first.count)
      ? cell.first
      : { count: cell.count, lat: cell.sumLat / cell.count, lng: cell.sumLng / cell.count, id: null, category_id: null, status: null },
  );
}

/**
 * The view's answer: rows as public points (public-point.ts; a lone report's average is its exact
 * point), then merged until no two targets would overlap on screen at this zoom (src/lib/geo/markers.ts).
 */
function collect(rows: Row[], codes: Map<number, string>, zoom: number): { clusters: MapCluster[]; reports: MapMarker[] } {
  const targets: Target[] = [];
  for (const row of rows) {
    const count = Number(row.count);
    if (count <= 0) continue;
    const single = count === 1 && row.id !== null;
    targets.push({
      lat: publicDegrees(Number(row.lat)),
      lng: publicDegrees(Number(row.lng)),
      count,
      single,
      id: single ? Number(row.id) : null,
      categoryId: row.category_id,
      status: row.status,
    });
  }
  const merge = (a: Target, b: Target): Target => {
    const count = a.count + b.count;
    return {
      lat: publicDegrees((a.lat * a.count + b.lat * b.count) / count),
      lng: publicDegrees((a.lng * a.count + b.lng * b.count) / count),
      count,
      single: false,
      id: null,
      categoryId: null,
      status: null,
    };
  };
  const clusters: MapCluster[] = [];
  const markers: MapMarker[] = [];
  for (const target of declutter(targets, zoom, merge)) {
    if (target.single) markers.push({ id: target.id!, lat: target.lat, lng: target.lng, category: codes.get(Number(target.categoryId)) ?? '', status: target.status! });
    else clusters.push({ lat: target.lat, lng: target.lng, count: target.count });
  }
  return { clusters, reports: markers };
}

type Target = MarkerTarget & { id: number | null; categoryId: number | null; status: ReportStatus | null };

/** The zoom-14 cells under a bounding box, or null when there are too many to list (then lat/lng alone filter). */
function coveringCells(bbox: MapQuery['bbox']): number[] | null {
  return cellKeysUnder(bbox, MAP_CELL_LEVEL, 400);
}

/** The keys of the cells at `level` under a bounding box, or null when there are more than `max`. */
function cellKeysUnder(bbox: MapQuery['bbox'], level: number, max: number): number[] | null {
  const x0 = cellIndex(bbox.west, level);
  const x1 = cellIndex(bbox.east, level);
  const y0 = cellIndex(bbox.south, level);
  const y1 = cellIndex(bbox.north, level);
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > max) return null;
  const keys: number[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(cellKey(x, y));
  return keys;
}

/**
 * Cell keys as one bigint[] parameter, not in the text: one statement text for every view, so that
 * it is prepared once per connection instead of once per view (and kept there for good).
 */
function bigintArray(keys: number[]): SQL {
  return sql`${`{${keys.join(',')}}`}::bigint[]`;
}
