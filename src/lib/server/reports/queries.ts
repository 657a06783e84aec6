/** Reads of reports: one report (public or staff view), lists, staff queues, league table, ledger. */
import { aliasedTable, and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { describeAnswers, fieldsByCategory } from './fields';
import { preparedFor, preparedQuery, selectRows, type Db } from '../../../../db/client';
import {
  areas,
  departments,
  reportCategories,
  reportCategoryOverrides,
  reportFollowers,
  reportPhotos,
  reportRatings,
  reports,
  reportTimeline,
  users,
  type Rating,
  type ReportSource,
  type ReportStatus,
} from '../../../../db/schema';
import { maskPhone } from '../auth/phone';
import type { Actor } from '../auth/permissions';
import { describePoint } from '../places/describe';
import { mediaUrl } from '../photos';
import { maskPersonalNumbers } from './mask';
import { publicPoint } from './public-point';
import { reportPermissions, type ReportRef } from './permissions';
import { cachedForOneSecond } from '../cache';
import { cachedThresholds, ticketDays, ticketFor, ticketSql, type Ticket, type TicketThresholds } from './tickets';
import { cachedCalendar, type Calendar } from '../calendar';
import { cityDateSql, cityDay, cityIso, cityMonth, cityMonthRange } from '../time';
import { DEADLINE_STATUSES, nextStatuses, OPEN_STATUSES, PUBLIC_STATUSES } from './workflow';
import { idAndNames } from '../i18n-names';
import { csvField } from '../output';
import { wilsonInterval } from '../metrics/wilson';
import { getSetting } from '../settings';
import { publicOnly } from '../community/visibility';
import { translator, type Locale } from '../../../i18n';

const district = aliasedTable(areas, 'district');
const assignee = aliasedTable(users, 'assignee');
const community = aliasedTable(areas, 'community');

/** The report's own columns every list and page reads; summaryColumns adds the joined names. */
const reportColumns = {
  id: reports.id,
  status: reports.status,
  version: reports.version,
  description: reports.description,
  lat: reports.lat,
  lng: reports.lng,
  createdAt: reports.createdAt,
  updatedAt: reports.updatedAt,
  deadline: reports.deadline,
  followerCount: reports.followerCount,
  reporterId: reports.reporterId,
  gridId: reports.gridId,
  departmentId: reports.departmentId,
};

const summaryColumns = {
  ...reportColumns,
  category: { code: reportCategories.code, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn },
  department: idAndNames(departments),
  district: idAndNames(district),
  community: idAndNames(community),
};

/** The first "before" photo's thumbnail: what a list card shows. */
const firstThumbnailKey = sql<string | null>`(select ${reportPhotos.thumbnailKey} from ${reportPhotos}
  where ${reportPhotos.reportId} = ${reports.id} and ${reportPhotos.stage} = 'before' order by ${reportPhotos.id} limit 1)`;

export interface ReportPhotoView {
  id: number;
  stage: 'before' | 'after';
  url: string;
  thumbnailUrl: string;
  blurred: boolean;
}

export interface TimelineEntry {
  status: ReportStatus;
  from: ReportStatus | null;
  note: string | null;
  department: { nameZh: string; nameEn: string } | null;
  deadline: string | null;
  at: Date;
  /** Staff only: who did it. */
  actorRole?: string;
}

// A timeline entry's department, joined under its own name inside the report query's subquery.
const TIMELINE_DEPARTMENT = 'timeline_department';
const timelineDepartment = aliasedTable(departments, TIMELINE_DEPARTMENT);

/**
 * The query behind every report page and API read, prepared once per database handle (building a
 * Drizzle query costs more CPU than running this one): the report with its names, the viewer's
 * follow, the rating, and its photos and whole timeline as JSON, in one round trip. Private timeline
 * entries are filtered out in getReport for viewers who are not staff.
 */
function prepareReportQuery(db: Db) {
  return db
    .select({
      ...summaryColumns,
      mergedIntoId: reports.mergedIntoId,
      callerName: reports.callerName,
      callerPhone: reports.callerPhone,
      attributes: reports.attributes,
      source: reports.source,
      proposedDepartmentId: reports.proposedDepartmentId,
      assignedAt: reports.assignedAt,
      closedAt: reports.closedAt,
      following: sql<boolean>`exists (select 1 from ${reportFollowers} where ${reportFollowers.reportId} = ${reports.id} and ${reportFollowers.userId} = ${sql.placeholder('viewerId')})`,
      hidden: sql<boolean>`(${publicOnly('report', reports.id)}) is false`,
      rating: sql<Rating | null>`(select ${reportRatings.rating} from ${reportRatings} where ${reportRatings.reportId} = ${reports.id})`,
      ratingComment: sql<string | null>`(select ${reportRatings.comment} from ${reportRatings} where ${reportRatings.reportId} = ${reports.id})`,
      // The working days the category (or its district override) gives a department: what the page promises.
      deadlineDays: sql<number>`coalesce((select ${reportCategoryOverrides.deadlineDays} from ${reportCategoryOverrides}
        where ${reportCategoryOverrides.categoryId} = ${reports.categoryId} and ${reportCategoryOverrides.districtId} = ${reports.districtId}), ${reportCategories.deadlineDays})`,
      photos: sql<{ id: number; stage: 'before' | 'after'; key: string; thumbnailKey: string; originalKey: string | null }[]>`coalesce((
        select json_agg(json_build_object('id', ${reportPhotos.id}, 'stage', ${reportPhotos.stage}, 'key', ${reportPhotos.key},
          'thumbnailKey', ${reportPhotos.thumbnailKey}, 'originalKey', ${reportPhotos.originalKey}) order by ${reportPhotos.id})
        from ${reportPhotos} where ${reportPhotos.reportId} = ${reports.id}), '[]'::json)`,
      timeline: sql<
        {
          status: ReportStatus;
          from: ReportStatus | null;
          note: string | null;
          deadline: string | null;
          at: string;
          actorRole: string;
          public: boolean;
          departmentZh: string | null;
          departmentEn: string | null;
        }[]
      >`coalesce((
        select json_agg(json_build_object('status', ${reportTimeline.toStatus}, 'from', ${reportTimeline.fromStatus}, 'note', ${reportTimeline.note},
          'deadline', ${reportTimeline.deadline}, 'at', ${reportTimeline.createdAt}, 'actorRole', ${reportTimeline.actorRole}, 'public', ${reportTimeline.public},
          'departmentZh', ${timelineDepartment.nameZh}, 'departmentEn', ${timelineDepartment.nameEn}) order by ${reportTimeline.id})
        from ${reportTimeline} left join ${departments} as ${sql.identifier(TIMELINE_DEPARTMENT)} on ${timelineDepartment.id} = ${reportTimeline.departmentId}
        where ${reportTimeline.reportId} = ${reports.id}), '[]'::json)`,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(departments, eq(departments.id, reports.departmentId))
    .leftJoin(district, eq(district.id, reports.districtId))
    .leftJoin(community, eq(community.id, reports.communityId))
    .where(eq(reports.id, sql.placeholder('id')))
    .prepare('report_by_id');
}

const reportQueries = new WeakMap<Db, ReturnType<typeof prepareReportQuery>>();

function reportQuery(db: Db) {
  let query = reportQueries.get(db);
  if (!query) reportQueries.set(db, (query = prepareReportQuery(db)));
  return query;
}

/**
 * One report as the viewer may see it, or null when they may not. The public never sees the
 * reporter, a hotline caller, or unmasked phone and ID numbers in the text; staff who handle the
 * report see the caller (phone masked) and the private originals of blurred photos.
 */
export async function getReport(db: Db, viewer: Actor | null, reportId: number, now: Date = new Date()) {
  const [row] = await reportQuery(db).execute({ id: reportId, viewerId: viewer?.id ?? 0 });
  if (!row) return null;
  const ref: ReportRef = { status: row.status, reporterId: row.reporterId, departmentId: row.departmentId, gridId: row.gridId };
  if (!reportPermissions['report.read'](viewer, ref)) return null;
  const staff = reportPermissions['report.readPrivate'](viewer, ref);
  const isReporter = viewer !== null && viewer.id === row.reporterId;
  const exactPoint = reportPermissions['report.readExactPoint'](viewer, ref);
  // Hidden by flags (pending review, or removed): only its reporter and the staff who handle it still see it.
  if (row.hidden && !staff && !isReporter) return null;
  const fullContact = staff && reportPermissions['report.readContact'](viewer, ref);
  const [reporter] =
    staff && row.reporterId !== null ? await db.select({ displayName: users.displayName, phone: users.phone }).from(users).where(eq(users.id, row.reporterId)) : [];
  const timeline = row.timeline
    .filter((entry) => staff || entry.public)
    .map(({ public: _public, departmentZh, departmentEn, at, ...entry }) => ({
      ...entry,
      at: new Date(at),
      department: departmentZh ? { nameZh: departmentZh, nameEn: departmentEn ?? departmentZh } : null,
    }));
  const ticket = DEADLINE_STATUSES.includes(row.status)
    ? await Promise.all([cachedCalendar(db), cachedThresholds(db)]).then(([calendar, thresholds]) => ticketFor(row.deadline, cityDay(now), calendar, thresholds))
    : null;
  const {
    reporterId,
    gridId,
    departmentId,
    mergedIntoId,
    callerName,
    callerPhone,
    attributes,
    source,
    proposedDepartmentId,
    assignedAt,
    closedAt,
    following: _following,
    hidden: _hidden,
    rating: _rating,
    ratingComment: _ratingComment,
    photos: _photos,
    timeline: _timeline,
    ...visible
  } = row;
  void [
    reporterId,
    gridId,
    departmentId,
    mergedIntoId,
    callerName,
    callerPhone,
    attributes,
    source,
    proposedDepartmentId,
    assignedAt,
    closedAt,
    _following,
    _hidden,
    _rating,
    _ratingComment,
    _photos,
    _timeline,
  ];
  return {
    ...visible,
    // Everyone else sees the point rounded (public-point.ts).
    ...(exactPoint ? {} : publicPoint(row)),
    exactPoint,
    description: staff || isReporter ? row.description : maskPersonalNumbers(row.description),
    department: row.department?.id ? row.department : null,
    mergedIntoId: row.mergedIntoId,
    ticket,
    isReporter,
    isStaff: staff,
    following: Boolean(row.following),
    hidden: Boolean(row.hidden),
    rating: row.rating ?? null,
    /** The reporter's comment with the rating: for the reporter and staff only. */
    ratingComment: staff || isReporter ? (row.ratingComment ?? null) : null,
    closedAt: row.closedAt,
    photos: row.photos.map((photo) => ({
      id: photo.id,
      stage: photo.stage,
      url: mediaUrl(photo.key),
      thumbnailUrl: mediaUrl(photo.thumbnailKey),
      blurred: photo.originalKey !== null,
      ...(staff && photo.originalKey && { originalKey: photo.originalKey }),
    })),
    timeline: timeline.map((entry) => ({
      ...entry,
      note: entry.note && !staff && !isReporter ? maskPersonalNumbers(entry.note) : entry.note,
      ...(staff ? {} : { actorRole: undefined }),
    })),
    /** Staff only; phones unmasked only for those who may call back (report.readContact). */
    private: staff
      ? {
          source: row.source,
          callerName: row.callerName,
          callerPhone: fullContact ? (row.callerPhone ?? '') : maskPhone(row.callerPhone),
          reporter: reporter ? { name: reporter.displayName, phone: fullContact ? (reporter.phone ?? '') : maskPhone(reporter.phone) } : null,
          proposedDepartmentId: row.proposedDepartmentId,
          assignedAt: row.assignedAt,
          attributes: row.attributes,
        }
      : null,
    transitions: viewer ? nextStatuses(row.status).filter((transition) => reportPermissions['report.transition'](viewer, { report: ref, transition })) : [],
  };
}

export type ReportView = NonNullable<Awaited<ReturnType<typeof getReport>>>;

export interface ReportFilters {
  status?: ReportStatus | undefined;
  categoryCode?: string | undefined;
  districtId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export const REPORTS_PAGE_SIZE = 20;

function filterConditions(filters: ReportFilters, statuses: readonly ReportStatus[]): SQL[] {
  const parts: SQL[] = [];
  if (filters.status) parts.push(statuses.includes(filters.status) ? eq(reports.status, filters.status) : sql`false`);
  else parts.push(inArray(reports.status, [...statuses]));
  if (filters.categoryCode) parts.push(eq(reportCategories.code, filters.categoryCode));
  if (filters.districtId !== undefined) parts.push(eq(reports.districtId, filters.districtId));
  if (filters.from) parts.push(gte(reports.createdAt, filters.from));
  if (filters.to) parts.push(lt(reports.createdAt, filters.to));
  return parts;
}

/** The public list: newest first, public statuses only, descriptions masked, points rounded (public-point.ts). */
export async function listReports(db: Db, filters: ReportFilters, page = 1) {
  const rows = await db
    .select({ ...summaryColumns, thumbnailKey: firstThumbnailKey })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(departments, eq(departments.id, reports.departmentId))
    .leftJoin(district, eq(district.id, reports.districtId))
    .leftJoin(community, eq(community.id, reports.communityId))
    .where(and(...filterConditions(filters, PUBLIC_STATUSES), publicOnly('report', reports.id)))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(REPORTS_PAGE_SIZE + 1)
    .offset((Math.max(1, page) - 1) * REPORTS_PAGE_SIZE);
  return {
    reports: rows.slice(0, REPORTS_PAGE_SIZE).map(({ reporterId, gridId, departmentId, version, thumbnailKey, ...row }) => {
      (void reporterId, gridId, departmentId, version);
      return {
        ...row,
        ...publicPoint(row),
        thumbnailUrl: thumbnailKey ? mediaUrl(thumbnailKey) : null,
        description: maskPersonalNumbers(row.description),
        department: row.department?.id ? row.department : null,
      };
    }),
    hasMore: rows.length > REPORTS_PAGE_SIZE,
  };
}

/** The public list at most one second old: what /reports shows everyone (never for writes). */
export function cachedReportList(db: Db, filters: ReportFilters, page = 1): ReturnType<typeof listReports> {
  return cachedForOneSecond(db, `reports:list:${page}:${JSON.stringify(filters)}`, () => listReports(db, filters, page));
}

/**
 * Names of categories (active or not), departments and areas by id, at most one second old: list
 * queries read one table and take their names from here. (On PGlite, planning the four joins cost
 * forty times as much as running the list.)
 */
async function loadNames(db: Db) {
  {
    const [categoryRows, departmentRows, areaRows] = await Promise.all([
      db.select({ id: reportCategories.id, code: reportCategories.code, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn }).from(reportCategories),
      db.select(idAndNames(departments)).from(departments),
      db
        .select(idAndNames(areas))
        .from(areas)
        .where(inArray(areas.level, ['district', 'community'])),
    ]);
    return {
      categories: new Map(categoryRows.map(({ id, ...names }) => [id, names])),
      departments: new Map(departmentRows.map((row) => [row.id, row])),
      areas: new Map(areaRows.map((row) => [row.id, row])),
    };
  }
}

function namesById(db: Db) {
  return cachedForOneSecond(db, 'reports:names', () => loadNames(db));
}

/** How many of their own reports a resident sees a page (a phone's screenful or three). */
export const MY_REPORTS_PAGE_SIZE = 20;

/**
 * The reporter's page of reports (the given page, with one more row when there is a next),
 * built and prepared once per database handle (preparedQuery).
 */
function myReportsQuery(db: Db) {
  return db
    .select({
      // What the resident's card shows and no more (each column is parsed and mapped on every row).
      id: reports.id,
      status: reports.status,
      description: reports.description,
      lat: reports.lat,
      lng: reports.lng,
      createdAt: reports.createdAt,
      followerCount: reports.followerCount,
      categoryId: reports.categoryId,
      districtId: reports.districtId,
      communityId: reports.communityId,
      thumbnailKey: firstThumbnailKey,
    })
    .from(reports)
    .where(eq(reports.reporterId, sql.placeholder('userId')))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare('my_reports');
}

/**
 * The reporter's own reports, any status, newest first: the given page, with one more row when
 * there is a next page (the caller shows MY_REPORTS_PAGE_SIZE of them).
 */
export async function listMyReports(db: Db, userId: number, page = 1) {
  const [rows, cached] = await Promise.all([
    preparedQuery(db, myReportsQuery).execute({ userId, limit: MY_REPORTS_PAGE_SIZE + 1, offset: (Math.max(1, page) - 1) * MY_REPORTS_PAGE_SIZE }),
    namesById(db),
  ]);
  const names = await namesFor(db, rows, cached);
  // Each field by name rather than `({ a, ...row }) => ({ ...row, more })` (see listQueue).
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    description: row.description,
    lat: row.lat,
    lng: row.lng,
    createdAt: row.createdAt,
    followerCount: row.followerCount,
    thumbnailUrl: row.thumbnailKey ? mediaUrl(row.thumbnailKey) : null,
    category: names.categories.get(row.categoryId) ?? { code: '', nameZh: '', nameEn: '' },
    district: (row.districtId !== null && names.areas.get(row.districtId)) || null,
    community: (row.communityId !== null && names.areas.get(row.communityId)) || null,
  }));
}

/** The cached names, or (a category or area newer than them, made within the second) names read now. */
async function namesFor(
  db: Db,
  rows: { categoryId: number; districtId: number | null; communityId: number | null; departmentId?: number | null }[],
  cached: Awaited<ReturnType<typeof loadNames>>,
) {
  const missing = rows.some(
    (row) =>
      !cached.categories.has(row.categoryId) ||
      (row.districtId !== null && !cached.areas.has(row.districtId)) ||
      (row.communityId !== null && !cached.areas.has(row.communityId)) ||
      (row.departmentId != null && !cached.departments.has(row.departmentId)),
  );
  return missing ? loadNames(db) : cached;
}

export type QueueName = 'triage' | 'assign' | 'duplicates' | 'disputed' | 'returned' | 'verify' | 'department' | 'overdue' | 'grid';

function queueConditions(actor: Actor, queue: QueueName, ticket: SQL<Ticket | null>): SQL[] | null {
  const office = actor.role === 'moderator' || actor.role === 'admin';
  const where: SQL[] = [];
  switch (queue) {
    case 'triage':
      if (!office) return null;
      where.push(eq(reports.status, 'submitted'));
      break;
    case 'assign':
      if (!office) return null;
      where.push(eq(reports.status, 'accepted'));
      break;
    case 'duplicates':
      if (!office) return null;
      where.push(eq(reports.status, 'submitted'));
      where.push(sql`exists (select 1 from reports o where o.id <> ${reports.id} and o.category_id = ${reports.categoryId}
        and o.status in ('submitted','accepted','assigned','in_progress','returned','rectified','disputed')
        and o.created_at > ${reports.createdAt} - interval '7 days'
        and o.lat between ${reports.lat} - 0.00045 and ${reports.lat} + 0.00045
        and o.lng between ${reports.lng} - 0.0006 and ${reports.lng} + 0.0006)`);
      break;
    case 'disputed':
    case 'returned':
      if (!office) return null;
      where.push(eq(reports.status, queue));
      break;
    case 'verify':
      if (!office && actor.role !== 'grid_worker') return null;
      where.push(eq(reports.status, 'rectified'));
      if (!office) where.push(eq(reports.gridId, actor.gridCellId ?? -1));
      break;
    case 'overdue':
      if (!office) return null;
      where.push(isNotNull(ticket));
      break;
    case 'department':
      if (actor.role !== 'department_staff') return null;
      where.push(eq(reports.departmentId, actor.departmentId ?? -1));
      where.push(inArray(reports.status, ['assigned', 'in_progress']));
      break;
    case 'grid':
      if (actor.role !== 'grid_worker') return null;
      where.push(eq(reports.gridId, actor.gridCellId ?? -1));
      where.push(inArray(reports.status, [...OPEN_STATUSES]));
      break;
  }
  return where;
}

export const QUEUE_SORTS = ['ticket', 'deadline', 'age'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_PAGE_SIZE = 50;

/** What the office narrows a queue by (all optional), its order and page. */
export interface QueueOptions {
  sort?: QueueSort | undefined;
  categoryCode?: string | undefined;
  districtId?: number | undefined;
  departmentId?: number | undefined;
  status?: ReportStatus | undefined;
  ticket?: Ticket | undefined;
  source?: ReportSource | undefined;
  /** The named person in the department who works on it: the reader ('me'), nobody yet ('none'), or one person's id. */
  assignee?: 'me' | 'none' | number | undefined;
  page?: number | undefined;
}

function optionConditions(actor: Actor, options: QueueOptions, ticket: SQL<Ticket | null>): SQL[] {
  const parts: SQL[] = [];
  if (options.assignee === 'me') parts.push(eq(reports.assigneeId, actor.id));
  else if (options.assignee === 'none') parts.push(isNull(reports.assigneeId));
  else if (options.assignee !== undefined) parts.push(eq(reports.assigneeId, options.assignee));
  // The category by its code in a subquery: the map's and the selection's reads do not join the categories.
  if (options.categoryCode)
    parts.push(sql`${reports.categoryId} = (select ${reportCategories.id} from ${reportCategories} where ${reportCategories.code} = ${options.categoryCode})`);
  if (options.districtId !== undefined) parts.push(eq(reports.districtId, options.districtId));
  if (options.departmentId !== undefined) parts.push(eq(reports.departmentId, options.departmentId));
  if (options.status) parts.push(eq(reports.status, options.status));
  if (options.ticket) parts.push(sql`${ticket} = ${options.ticket}`);
  if (options.source) parts.push(eq(reports.source, options.source));
  return parts;
}

/**
 * How many reports wait in each of the given queues (a tab's count): one statement whatever the
 * number of tabs (a count subquery per queue, each planned as it would be alone), so the staff
 * queue page makes one round trip for its seven office tabs instead of seven.
 */
export async function countQueues(db: Db, actor: Actor, queues: QueueName[], now: Date = new Date()): Promise<Record<string, number>> {
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const ticket = ticketSql(calendar, thresholds, now);
  const counted = queues.flatMap((queue) => {
    const where = queueConditions(actor, queue, ticket);
    return where ? [{ queue, where }] : [];
  });
  if (counted.length === 0) return {};
  const [row] = await selectRows<Record<string, number>>(
    db,
    sql`select ${sql.join(
      counted.map(({ where }, i) => sql`(select count(*)::int from ${reports} where ${and(...where)}) as ${sql.identifier(`q${i}`)}`),
      sql`, `,
    )}`,
  );
  const counts: Record<string, number> = {};
  counted.forEach(({ queue }, i) => (counts[queue] = Number(row?.[`q${i}`] ?? 0)));
  return counts;
}

/**
 * The tab counts as the staff queue page shows them: countQueues at most a second old, per scope
 * (the counts depend on the role, department and grid cell, never on who is asking) and city day.
 * A write through the portal forgets the cached counts at once in its own process; another
 * instance shows the change within the second. Domain code and tests call countQueues.
 */
export function cachedQueueCounts(db: Db, actor: Actor, queues: QueueName[], now: Date = new Date()): Promise<Record<string, number>> {
  const key = `queue-counts:${actor.role}:${actor.departmentId ?? ''}:${actor.gridCellId ?? ''}:${queues.join(',')}:${cityDay(now)}`;
  return cachedForOneSecond(db, key, () => countQueues(db, actor, queues, now));
}

/**
 * A staff queue. Office: new (triage), accepted and waiting for a department (assign), suggested duplicates, disputed, sent back (returned), to
 * verify (rectified), overdue city-wide. Department: its open work, reddest and oldest first. Grid
 * worker: its cell's open reports. Filtered, sorted (reddest first by default) and paged by `options`.
 */
export async function listQueue(db: Db, actor: Actor, queue: QueueName, now: Date = new Date(), options: QueueOptions = {}) {
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const page = Math.max(1, options.page ?? 1);
  // What a card shows and no more (a page is fifty rows): names come from the per-process cache.
  // Built once for the same scope, queue, filters, page and ticket days (a queue page is asked
  // again and again with the same ones); null when the actor has no such queue.
  const query = preparedFor(db, `queue:${queueKey(actor, queue, options, calendar, thresholds, now)}:${page}`, () => {
    const ticket = ticketSql(calendar, thresholds, now);
    const where = queueWhere(actor, queue, options, ticket);
    if (!where) return null;
    const order =
      options.sort === 'deadline'
        ? [sql`${reports.deadline} asc nulls last`, asc(reports.createdAt)]
        : options.sort === 'age'
          ? [asc(reports.createdAt), asc(reports.id)]
          : // Reddest first, then the oldest deadline, then the oldest report.
            [sql`case ${ticket} when 'red' then 0 when 'yellow' then 1 when 'white' then 2 else 3 end`, asc(reports.deadline), asc(reports.createdAt)];
    return db
      .select({
        id: reports.id,
        status: reports.status,
        version: reports.version,
        description: reports.description,
        createdAt: reports.createdAt,
        deadline: reports.deadline,
        departmentId: reports.departmentId,
        categoryId: reports.categoryId,
        districtId: reports.districtId,
        communityId: reports.communityId,
        ticket,
        source: reports.source,
        thumbnailKey: firstThumbnailKey,
        assigneeId: reports.assigneeId,
        assigneeName: assignee.displayName,
      })
      .from(reports)
      .leftJoin(assignee, eq(assignee.id, reports.assigneeId))
      .where(and(...where))
      .orderBy(...order, asc(reports.id))
      .limit(QUEUE_PAGE_SIZE + 1)
      .offset((page - 1) * QUEUE_PAGE_SIZE)
      .prepare('staff_queue');
  });
  if (!query) return [];
  const [rows, cached] = await Promise.all([query.execute(), namesById(db)]);
  const names = await namesFor(db, rows, cached);
  // Each field by name rather than `({ a, ...row }) => ({ ...row, more })`: on 51 rows of 15 fields
  // that took 21 us in Node 24 (the object rest) and 185 us in Node 20, against about 1 us.
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    version: row.version,
    description: row.description,
    createdAt: row.createdAt,
    deadline: row.deadline,
    departmentId: row.departmentId,
    ticket: row.ticket,
    source: row.source,
    thumbnailUrl: row.thumbnailKey ? mediaUrl(row.thumbnailKey) : null,
    category: names.categories.get(row.categoryId) ?? { code: '', nameZh: '', nameEn: '' },
    department: (row.departmentId !== null && names.departments.get(row.departmentId)) || null,
    district: (row.districtId !== null && names.areas.get(row.districtId)) || null,
    community: (row.communityId !== null && names.areas.get(row.communityId)) || null,
    assignee: row.assigneeId !== null && row.assigneeName !== null ? { id: row.assigneeId, displayName: row.assigneeName } : null,
  }));
}

/**
 * Everything a queue's query is built from besides the page: the actor's scope (role, department,
 * grid cell, and id for "assigned to me"), the queue, the filters and order, and the days each
 * ticket begins (the city's day, its calendar and the thresholds).
 */
function queueKey(actor: Actor, queue: QueueName, options: QueueOptions, calendar: Calendar, thresholds: TicketThresholds, now: Date): string {
  const days = ticketDays(cityDay(now), calendar, thresholds);
  return JSON.stringify([
    actor.role,
    options.assignee === 'me' ? actor.id : null,
    actor.departmentId ?? null,
    actor.gridCellId ?? null,
    queue,
    { ...options, page: undefined },
    days.white,
    days.yellow,
    days.red,
  ]);
}

/** The queue's conditions and the filters (null: the actor has no such queue). */
function queueWhere(actor: Actor, queue: QueueName, options: QueueOptions, ticket: SQL<Ticket | null>): SQL[] | null {
  const base = queueConditions(actor, queue, ticket);
  if (!base) return null;
  return [...base, ...optionConditions(actor, options, ticket)];
}

/** How many reports of a queue match the filters (every page). */
export async function countQueueMatching(db: Db, actor: Actor, queue: QueueName, options: QueueOptions, now: Date = new Date()): Promise<number> {
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const query = preparedFor(db, `queue-count:${queueKey(actor, queue, options, calendar, thresholds, now)}`, () => {
    const where = queueWhere(actor, queue, options, ticketSql(calendar, thresholds, now));
    if (!where) return null;
    return db
      .select({ n: sql<number>`count(*)::int` })
      .from(reports)
      .where(and(...where))
      .prepare('staff_queue_count');
  });
  if (!query) return 0;
  const [row] = await query.execute();
  return row?.n ?? 0;
}

/** The most reports the queue's map shows at once (the city's busiest queue holds a few hundred). */
export const QUEUE_MAP_MAX = 1000;

export interface QueueMapPoint {
  id: number;
  lat: number;
  lng: number;
  /** Whether the point is the exact one (`report.readExactPoint`), else the public, rounded one. */
  exact: boolean;
  status: ReportStatus;
  ticket: Ticket | null;
  category: string;
}

/**
 * Every report of a queue that matches the filters (not one page), for the queue's map: up to
 * QUEUE_MAP_MAX, reddest first. Each point is exact only for staff who may read it exactly
 * (`report.readExactPoint`); any other is the public point (public-point.ts). `total` is how many match.
 */
export async function queueMapPoints(
  db: Db,
  actor: Actor,
  queue: QueueName,
  now: Date = new Date(),
  options: QueueOptions = {},
): Promise<{ points: QueueMapPoint[]; total: number }> {
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const ticket = ticketSql(calendar, thresholds, now);
  const where = queueWhere(actor, queue, options, ticket);
  if (!where) return { points: [], total: 0 };
  const [rows, total] = await Promise.all([
    db
      .select({
        id: reports.id,
        lat: reports.lat,
        lng: reports.lng,
        status: reports.status,
        ticket,
        category: reportCategories.code,
        reporterId: reports.reporterId,
        departmentId: reports.departmentId,
        gridId: reports.gridId,
      })
      .from(reports)
      .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
      .where(and(...where))
      .orderBy(sql`case ${ticket} when 'red' then 0 when 'yellow' then 1 when 'white' then 2 else 3 end`, asc(reports.createdAt), asc(reports.id))
      .limit(QUEUE_MAP_MAX),
    countQueueMatching(db, actor, queue, options, now),
  ]);
  // Field by field (up to a thousand points), as listQueue's cards and for the same reason.
  const points = rows.map((row): QueueMapPoint => {
    const exact = reportPermissions['report.readExactPoint'](actor, { status: row.status, reporterId: row.reporterId, departmentId: row.departmentId, gridId: row.gridId });
    const point = exact ? row : publicPoint(row);
    return { id: row.id, lat: point.lat, lng: point.lng, exact, status: row.status, ticket: row.ticket, category: row.category };
  });
  return { points, total };
}

/**
 * Every report of a queue that matches the filters, with the version it has now, for a bulk action
 * on "all matching": at most `max` (null when more match, so that nothing is done to a part only).
 */
export async function queueSelection(
  db: Db,
  actor: Actor,
  queue: QueueName,
  options: QueueOptions,
  max: number,
  now: Date = new Date(),
): Promise<{ id: number; version: number }[] | null> {
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const ticket = ticketSql(calendar, thresholds, now);
  const where = queueWhere(actor, queue, options, ticket);
  if (!where) return [];
  const rows = await db
    .select({ id: reports.id, version: reports.version })
    .from(reports)
    .where(and(...where))
    .orderBy(asc(reports.createdAt), asc(reports.id))
    .limit(max + 1);
  return rows.length > max ? null : rows;
}

export interface LeagueRow {
  department: { id: number; nameZh: string; nameEn: string };
  received: number;
  rectified: number;
  rectifiedOnTime: number;
  onTimeRate: number | null;
  medianDaysToRectify: number | null;
  overdue: Record<Ticket, number>;
  ratings: { satisfied: number; basically_satisfied: number; unsatisfied: number };
  /** Lower bound of the 95% Wilson interval of the on-time rate: what ranks, so 2 of 2 does not beat 48 of 50. */
  onTimeLow: number | null;
  /** 1 for the best; null when the department had fewer cases than reports.league.minCases. */
  rank: number | null;
  /** 红榜 (best, never with open red tickets), 黑榜 (worst), or neither. */
  list: 'red' | 'black' | null;
}

/** How many departments each list names. */
export const LEAGUE_LIST_SIZE = 3;

/**
 * Ranks league rows fairly: only departments with at least `minCases` cases are ranked, by the lower
 * Wilson bound of their on-time rate (then fewer red tickets, then more cases); the red list takes the
 * best ranked departments that have no open red ticket, the black list the worst ranked ones.
 */
export function rankLeague(rows: Omit<LeagueRow, 'onTimeLow' | 'rank' | 'list'>[], minCases: number): LeagueRow[] {
  const scored = rows.map((row) => ({
    ...row,
    onTimeLow: row.received > 0 ? (wilsonInterval(row.rectifiedOnTime / row.received, row.received)?.low ?? 0) : null,
    rank: null as number | null,
    list: null as LeagueRow['list'],
  }));
  const ranked = scored
    .filter((row) => row.received >= minCases)
    .sort((a, b) => (b.onTimeLow ?? 0) - (a.onTimeLow ?? 0) || a.overdue.red - b.overdue.red || b.received - a.received);
  ranked.forEach((row, i) => (row.rank = i + 1));
  for (const row of ranked.filter((r) => r.overdue.red === 0).slice(0, LEAGUE_LIST_SIZE)) row.list = 'red';
  for (const row of ranked.slice(-LEAGUE_LIST_SIZE).reverse()) if (!row.list && ranked.length > LEAGUE_LIST_SIZE) row.list = 'black';
  const unranked = scored.filter((row) => row.received < minCases).sort((a, b) => b.received - a.received);
  return [...ranked, ...unranked];
}

/**
 * The league table (红黑榜) for a month ('YYYY-MM', China time): reports assigned that month per
 * department, how many were rectified and how many by their deadline, the median days from
 * assignment to rectification, ratings given that month, and today's open overdue work by ticket.
 */
export async function departmentLeague(db: Db, month: string, now: Date = new Date()): Promise<LeagueRow[]> {
  const [start, end] = cityMonthRange(month) ?? cityMonthRange(cityMonth(now))!;
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const ticket = ticketSql(calendar, thresholds, now);
  const received = await db
    .select({
      departmentId: reports.departmentId,
      received: sql<number>`count(*)::int`,
      rectified: sql<number>`count(${reports.rectifiedAt})::int`,
      onTime: sql<number>`count(*) filter (where ${reports.rectifiedAt} is not null and ${cityDateSql(reports.rectifiedAt)} <= ${reports.deadline})::int`,
      median: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${reports.rectifiedAt} - ${reports.assignedAt}) / 86400)`,
    })
    .from(reports)
    .where(and(isNotNull(reports.departmentId), gte(reports.assignedAt, start), lt(reports.assignedAt, end), publicOnly('report', reports.id)))
    .groupBy(reports.departmentId);
  const overdue = await db
    .select({ departmentId: reports.departmentId, ticket, n: sql<number>`count(*)::int` })
    .from(reports)
    .where(and(isNotNull(reports.departmentId), inArray(reports.status, [...DEADLINE_STATUSES]), isNotNull(ticket), publicOnly('report', reports.id)))
    .groupBy(sql`1`, sql`2`);
  const ratings = await db
    .select({ departmentId: reportRatings.departmentId, rating: reportRatings.rating, n: sql<number>`count(*)::int` })
    .from(reportRatings)
    .where(and(gte(reportRatings.createdAt, start), lt(reportRatings.createdAt, end), publicOnly('report', reportRatings.reportId)))
    .groupBy(reportRatings.departmentId, reportRatings.rating);
  const list = await db.select({ id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn }).from(departments).orderBy(asc(departments.id));
  const minCases = await getSetting(db, 'reports.league.minCases');
  const rows = list.map((department) => {
    const r = received.find((row) => row.departmentId === department.id);
    const rectified = Number(r?.rectified ?? 0);
    const onTime = Number(r?.onTime ?? 0);
    const row: Omit<LeagueRow, 'onTimeLow' | 'rank' | 'list'> = {
      department,
      received: Number(r?.received ?? 0),
      rectified,
      rectifiedOnTime: onTime,
      onTimeRate: r && Number(r.received) > 0 ? onTime / Number(r.received) : null,
      medianDaysToRectify: r?.median === null || r?.median === undefined ? null : Math.round(Number(r.median) * 10) / 10,
      overdue: { white: 0, yellow: 0, red: 0 },
      ratings: { satisfied: 0, basically_satisfied: 0, unsatisfied: 0 },
    };
    for (const o of overdue) if (o.departmentId === department.id && o.ticket) row.overdue[o.ticket] = Number(o.n);
    for (const g of ratings) if (g.departmentId === department.id) row.ratings[g.rating] = Number(g.n);
    return row;
  });
  // Active departments only, ranked fairly (rankLeague).
  return rankLeague(
    rows.filter((row) => row.received > 0 || row.overdue.white + row.overdue.yellow + row.overdue.red > 0),
    minCases,
  );
}

const LEDGER_PAGE = 500;
const LEDGER_COLUMNS = [
  '编号 ID',
  '提交时间 Submitted',
  '类别 Category',
  '状态 Status',
  '区 District',
  '社区 Community',
  '地址 Address',
  '责任单位 Department',
  '期限 Deadline',
  '督办 Ticket',
  '附和 Me too',
  '来源 Source',
  '描述 Description',
  '补充信息 Extra',
];

/** One CSV field (output.ts); times in city time. */
function csvCell(value: unknown): string {
  return csvField(value instanceof Date ? cityIso(value) : value);
}

/**
 * The ledger (台账) as CSV lines: a UTF-8 BOM and a header, then one page of rows at a time by
 * keyset (id), so that memory stays flat however many reports match.
 */
export async function* ledgerCsv(db: Db, filters: ReportFilters, now: Date = new Date(), locale: Locale = 'zh-CN'): AsyncGenerator<string> {
  // Statuses, tickets and sources as words in the reader's language, never codes (`in_progress`).
  const t = translator(locale);
  const name = (record: { nameZh: string; nameEn: string } | null | undefined) => (record ? (locale === 'en' ? record.nameEn : record.nameZh) : null);
  const [calendar, thresholds] = await Promise.all([cachedCalendar(db), cachedThresholds(db)]);
  const ticket = ticketSql(calendar, thresholds, now);
  const questions = await fieldsByCategory(db);
  yield '\uFEFF' + LEDGER_COLUMNS.map(csvCell).join(',') + '\r\n';
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ ...summaryColumns, ticket, source: reports.source, attributes: reports.attributes })
      .from(reports)
      .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
      .leftJoin(departments, eq(departments.id, reports.departmentId))
      .leftJoin(district, eq(district.id, reports.districtId))
      .leftJoin(community, eq(community.id, reports.communityId))
      .where(and(sql`${reports.id} > ${after}`, ...filterConditions(filters, [...PUBLIC_STATUSES, 'submitted', 'rejected', 'merged'])))
      .orderBy(asc(reports.id))
      .limit(LEDGER_PAGE);
    if (rows.length === 0) return;
    // The reverse-looked-up address ("<place>附近，<community>，<subdistrict>"), in the ledger's language.
    const addresses = await Promise.all(rows.map((row) => describePoint(db, { lat: row.lat, lng: row.lng }, locale)));
    yield rows
      .map(
        (row, index) =>
          [
            row.id,
            row.createdAt,
            name(row.category),
            t(`reports.status.${row.status}`),
            name(row.district),
            name(row.community),
            addresses[index]!.text,
            name(row.department?.id ? row.department : null),
            row.deadline,
            row.ticket ? t(`reports.ticket.${row.ticket}`) : null,
            row.followerCount,
            t(`map.source.${row.source}`),
            row.description,
            describeAnswers(questions.get(row.category.code) ?? [], row.attributes, locale)
              .map((a) => `${a.label}: ${a.value}`)
              .join('; '),
          ]
            .map(csvCell)
            .join(',') + '\r\n',
      )
      .join('');
    after = rows[rows.length - 1]!.id;
    if (rows.length < LEDGER_PAGE) return;
  }
}
