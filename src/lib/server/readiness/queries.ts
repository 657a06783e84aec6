/** Reads for the readiness pages, the overview and the API. */
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import type { Db } from '../../../../db/client';
import { areas, checklistItems, departments, inspectionAnswers, inspections, readinessSites, reports, users, type SiteType } from '../../../../db/schema';
import { idAndNames } from '../i18n-names';

const district = alias(areas, 'site_district');

export interface SiteFilters {
  type?: SiteType | undefined;
  districtId?: number | undefined;
}

/** A site's own columns and its department's and district's names: the list's and the site page's. */
const siteColumns = {
  id: readinessSites.id,
  code: readinessSites.code,
  type: readinessSites.type,
  name: readinessSites.name,
  lat: readinessSites.lat,
  lng: readinessSites.lng,
  lastScore: readinessSites.lastScore,
  lastInspectedAt: readinessSites.lastInspectedAt,
  department: idAndNames(departments),
  district: idAndNames(district),
};

/** Sites with their department and district: siteColumns plus `extra`. */
function selectSites<T extends SelectedFields>(db: Db, extra: T) {
  return db
    .select({ ...siteColumns, ...extra })
    .from(readinessSites)
    .innerJoin(departments, eq(departments.id, readinessSites.departmentId))
    .leftJoin(district, eq(district.id, readinessSites.districtId));
}

export async function listSites(db: Db, filters: SiteFilters = {}) {
  const where: SQL[] = [eq(readinessSites.active, true)];
  if (filters.type) where.push(eq(readinessSites.type, filters.type));
  if (filters.districtId) where.push(eq(readinessSites.districtId, filters.districtId));
  return selectSites(db, { gridId: readinessSites.gridId })
    .where(and(...where))
    .orderBy(asc(readinessSites.type), asc(readinessSites.name));
}

export type SiteSummary = Awaited<ReturnType<typeof listSites>>[number];

export async function getSite(db: Db, id: number) {
  const [site] = await selectSites(db, { active: readinessSites.active, lastInspectionId: readinessSites.lastInspectionId }).where(eq(readinessSites.id, id));
  if (!site) return null;
  const history = await db
    .select({
      id: inspections.id,
      score: inspections.score,
      failedCount: inspections.failedCount,
      createdAt: inspections.createdAt,
      inspector: users.displayName,
      mockRoundId: inspections.mockRoundId,
    })
    .from(inspections)
    .leftJoin(users, eq(users.id, inspections.inspectorId))
    .where(eq(inspections.siteId, id))
    .orderBy(desc(inspections.createdAt), desc(inspections.id))
    .limit(20);
  // The latest inspection's failed items and where their reports stand: the site shows when they close.
  const failed = site.lastInspectionId
    ? await db
        .select({
          textZh: checklistItems.textZh,
          textEn: checklistItems.textEn,
          note: inspectionAnswers.note,
          photos: inspectionAnswers.photos,
          reportId: inspectionAnswers.reportId,
          reportStatus: reports.status,
          deadline: reports.deadline,
        })
        .from(inspectionAnswers)
        .innerJoin(checklistItems, eq(checklistItems.id, inspectionAnswers.itemId))
        .leftJoin(reports, eq(reports.id, inspectionAnswers.reportId))
        .where(and(eq(inspectionAnswers.inspectionId, site.lastInspectionId), eq(inspectionAnswers.answer, 'fail')))
        .orderBy(asc(checklistItems.position))
    : [];
  return { ...site, history, failed };
}

export type SiteView = NonNullable<Awaited<ReturnType<typeof getSite>>>;

/**
 * City-wide readiness as of `now`: sites, those never inspected or inspected longer than
 * `staleDays` ago, the mean latest score and the share passing; and the inspections made in a period.
 */
export async function readinessFigures(db: Db, options: { staleDays: number; passScore: number; from: Date; to: Date; now?: Date }) {
  const now = options.now ?? new Date();
  // Raw sql parameters as ISO strings: postgres.js (unlike PGlite) does not serialize a Date there.
  const staleBefore = new Date(now.getTime() - options.staleDays * 86_400_000).toISOString();
  const [sites] = await db
    .select({
      total: sql<number>`count(*)::int`,
      never: sql<number>`count(*) filter (where ${readinessSites.lastInspectedAt} is null)::int`,
      stale: sql<number>`count(*) filter (where ${readinessSites.lastInspectedAt} < ${staleBefore})::int`,
      mean: sql<number | null>`avg(${readinessSites.lastScore})`,
      passing: sql<number>`count(*) filter (where ${readinessSites.lastScore} >= ${options.passScore})::int`,
      scored: sql<number>`count(${readinessSites.lastScore})::int`,
    })
    .from(readinessSites)
    .where(eq(readinessSites.active, true));
  const [period] = await db
    .select({
      inspections: sql<number>`count(*)::int`,
      mean: sql<number | null>`avg(${inspections.score})`,
      failed: sql<number>`coalesce(sum(${inspections.failedCount}), 0)::int`,
    })
    .from(inspections)
    .where(and(gte(inspections.createdAt, options.from), lt(inspections.createdAt, options.to)));
  const attention = await db
    .select({ id: readinessSites.id, name: readinessSites.name, type: readinessSites.type, lastScore: readinessSites.lastScore, lastInspectedAt: readinessSites.lastInspectedAt })
    .from(readinessSites)
    .where(
      and(
        eq(readinessSites.active, true),
        sql`(${readinessSites.lastInspectedAt} is null or ${readinessSites.lastInspectedAt} < ${staleBefore} or ${readinessSites.lastScore} < ${options.passScore})`,
      ),
    )
    .orderBy(sql`${readinessSites.lastScore} asc nulls first`, asc(readinessSites.id))
    .limit(10);
  const round = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10);
  return {
    total: Number(sites?.total ?? 0),
    never: Number(sites?.never ?? 0),
    stale: Number(sites?.stale ?? 0),
    meanScore: round(sites?.mean),
    passingShare: sites && Number(sites.scored) > 0 ? Number(sites.passing) / Number(sites.scored) : null,
    inspections: Number(period?.inspections ?? 0),
    periodMeanScore: round(period?.mean),
    failedItems: Number(period?.failed ?? 0),
    attention,
  };
}

/** The inspection a report was filed from (its failed item), for the report page's link back; null for other reports. */
export async function inspectionOfReport(db: Db, reportId: number) {
  const [row] = await db
    .select({ inspectionId: inspections.id, siteId: readinessSites.id, siteName: readinessSites.name, createdAt: inspections.createdAt })
    .from(inspectionAnswers)
    .innerJoin(inspections, eq(inspections.id, inspectionAnswers.inspectionId))
    .innerJoin(readinessSites, eq(readinessSites.id, inspections.siteId))
    .where(eq(inspectionAnswers.reportId, reportId))
    .limit(1);
  return row ?? null;
}
