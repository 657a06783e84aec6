/**
 * Reports on the map (随手拍 / 不文明行为曝光台): categories and their routing, reports and their
 * photos, followers ("me too"), timeline, ratings, idempotency keys, the holiday calendar that
 * deadlines count on, Open311 API keys, and the per-cell counts that keep the map fast.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamps, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';
import { departments } from './departments';

export const REPORT_STATUSES = ['submitted', 'accepted', 'rejected', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed', 'merged'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** 'inspection': filed by the office's own site inspection (readiness), shown publicly like 'web'. */
export const REPORT_SOURCES = ['web', 'hotline', 'open311', 'inspection'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export const PHOTO_STAGES = ['before', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/** What residents report; each routes to a default department within a number of working days. */
export const reportCategories = pgTable('report_categories', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  departmentId: integer('department_id')
    .notNull()
    .references(() => departments.id),
  deadlineDays: smallint('deadline_days').notNull(),
  sortOrder: smallint('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

export const CATEGORY_FIELD_KINDS = ['text', 'number', 'single', 'multi', 'yesno'] as const;
export type CategoryFieldKind = (typeof CATEGORY_FIELD_KINDS)[number];
export interface CategoryFieldOption {
  value: string;
  zh: string;
  en: string;
}

/**
 * A category's extra question (e.g. the plate number for bad parking), asked on the report form,
 * shown to staff, exported in the ledger and listed as an Open311 service attribute.
 */
export const reportCategoryFields = pgTable(
  'report_category_fields',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => reportCategories.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    kind: text('kind').$type<CategoryFieldKind>().notNull(),
    required: boolean('required').notNull().default(false),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    /** Choices of 'single' and 'multi' fields; empty otherwise. */
    options: jsonb('options').$type<CategoryFieldOption[]>().notNull().default([]),
    sortOrder: smallint('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('report_category_fields_code_idx').on(t.categoryId, t.code), check('report_category_fields_kind_check', sql`${t.kind} in (${inList(CATEGORY_FIELD_KINDS)})`)],
);

/** A district that routes a category elsewhere (e.g. 占道经营 to the subdistrict office). */
export const reportCategoryOverrides = pgTable(
  'report_category_overrides',
  {
    categoryId: integer('category_id')
      .notNull()
      .references(() => reportCategories.id, { onDelete: 'cascade' }),
    districtId: integer('district_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id').references(() => departments.id),
    deadlineDays: smallint('deadline_days'),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.districtId] })],
);

export const reports = pgTable(
  'reports',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => reportCategories.id),
    description: text('description').notNull(),
    status: text('status').$type<ReportStatus>().notNull().default('submitted'),
    /** Bumped by every transition; writers check it (optimistic concurrency). */
    version: integer('version').notNull().default(1),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    /** The zoom-14 map cell (see src/lib/server/reports/map.ts): street-level map reads go by it. */
    mapCell: bigint('map_cell', { mode: 'number' }).notNull(),
    /** Resolved once, at submission. */
    gridId: integer('grid_id').references(() => areas.id),
    communityId: integer('community_id').references(() => areas.id),
    subdistrictId: integer('subdistrict_id').references(() => areas.id),
    districtId: integer('district_id').references(() => areas.id),
    /** The department routing proposes; the office may choose another when assigning. */
    proposedDepartmentId: integer('proposed_department_id').references(() => departments.id),
    departmentId: integer('department_id').references(() => departments.id),
    /** The named person in the department who works on it (department staff of that department). */
    assigneeId: integer('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** Last working day to rectify (Asia/Shanghai calendar date). */
    deadline: date('deadline', { mode: 'string' }),
    source: text('source').$type<ReportSource>().notNull().default('web'),
    /** Private: never on a public page or the public API. Null for hotline and Open311 reports. */
    reporterId: integer('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    /** Hotline callers: private to staff. */
    callerName: text('caller_name'),
    callerPhone: text('caller_phone'),
    mergedIntoId: integer('merged_into_id').references((): any => reports.id),
    followerCount: integer('follower_count').notNull().default(0),
    /** Answers to the category's extra questions (report_category_fields), by field code; staff-only. */
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | string[]>>().notNull().default({}),
    assignedAt: timestamptz('assigned_at'),
    rectifiedAt: timestamptz('rectified_at'),
    closedAt: timestamptz('closed_at'),
    ...timestamps,
  },
  (t) => [
    check('reports_status_check', sql`${t.status} in (${inList(REPORT_STATUSES)})`),
    check('reports_source_check', sql`${t.source} in (${inList(REPORT_SOURCES)})`),
    check('reports_description_check', sql`char_length(${t.description}) between 1 and 2000`),
    // Street-level map: the few cells under the view, then lat/lng, read from the index alone.
    index('reports_map_cell_idx').on(t.mapCell, t.lat, t.lng, t.status, t.categoryId, t.id),
    // The 50 m duplicate prefilter: same category, last 7 days, then the bounding box.
    index('reports_category_created_idx').on(t.categoryId, t.createdAt, t.lat, t.lng),
    index('reports_status_created_idx').on(t.status, t.createdAt),
    index('reports_department_status_idx').on(t.departmentId, t.status, t.deadline),
    index('reports_grid_status_idx').on(t.gridId, t.status),
    index('reports_reporter_idx').on(t.reporterId, t.createdAt),
    // The rating reminder reads closed reports by closing time (src/lib/server/reports/rating-reminder.ts).
    index('reports_closed_at_idx')
      .on(t.closedAt)
      .where(sql`${t.status} = 'closed'`),
    index('reports_created_id_idx').on(t.createdAt, t.id),
  ],
);

/** A report's photos; when a moderator blurs one, the public key holds the blurred copy and the original moves to a private key. */
export const reportPhotos = pgTable(
  'report_photos',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    stage: text('stage').$type<PhotoStage>().notNull(),
    key: text('key').notNull(),
    thumbnailKey: text('thumbnail_key').notNull(),
    /** Private originals, kept for staff when the public copy is blurred. */
    originalKey: text('original_key'),
    originalThumbnailKey: text('original_thumbnail_key'),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    ...createdAt,
  },
  (t) => [index('report_photos_report_idx').on(t.reportId, t.stage), check('report_photos_stage_check', sql`${t.stage} in ('before', 'after')`)],
);

/**
 * Photos of a report form the server sent back (a refused field, or the "me too" question): kept,
 * processed and stored like a report's, under a random token that the re-rendered form carries, so
 * that the resident need not choose them again (browsers cannot refill a file input, and without
 * JavaScript nothing else can keep them). Bound to the person who sent them; taken over by the
 * report when it is filed, purged with their files a day later otherwise (job reports.pendingPhotos.purge).
 */
export const reportPendingPhotos = pgTable(
  'report_pending_photos',
  {
    id: serial('id').primaryKey(),
    token: text('token').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    thumbnailKey: text('thumbnail_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    ...createdAt,
  },
  (t) => [index('report_pending_photos_token_idx').on(t.token, t.userId), index('report_pending_photos_created_idx').on(t.createdAt)],
);

/** "Me too": one row per person and report. */
export const reportFollowers = pgTable(
  'report_followers',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ...createdAt,
  },
  (t) => [primaryKey({ columns: [t.reportId, t.userId] }), index('report_followers_user_idx').on(t.userId)],
);

/** Every status change and note, oldest first; `public` entries show on the report's page. */
export const reportTimeline = pgTable(
  'report_timeline',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').$type<ReportStatus>(),
    toStatus: text('to_status').$type<ReportStatus>().notNull(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorRole: text('actor_role').notNull(),
    note: text('note'),
    departmentId: integer('department_id').references(() => departments.id),
    deadline: date('deadline', { mode: 'string' }),
    public: boolean('public').notNull().default(true),
    ...createdAt,
  },
  (t) => [index('report_timeline_report_idx').on(t.reportId, t.id)],
);

/** One per client key and user: a retried submission finds the report the first one made. */
export const reportIdempotencyKeys = pgTable(
  'report_idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientKey: text('client_key').notNull(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    ...createdAt,
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientKey] })],
);

/**
 * The device a resident filed from (issue 21's cluster rule): a keyed hash (HMAC with APP_SECRET) of
 * the portal's first-party device cookie or the mini-program's device header, never the value
 * itself. Private to the points rule: never shown, never logged; erased with the account, listed in
 * its export, and deleted after `privacy.retention.deviceDays`.
 */
export const reportDevices = pgTable(
  'report_devices',
  {
    reportId: integer('report_id')
      .primaryKey()
      .references(() => reports.id, { onDelete: 'cascade' }),
    deviceHash: text('device_hash').notNull(),
    ...createdAt,
  },
  (t) => [index('report_devices_hash_idx').on(t.deviceHash, t.createdAt)],
);

/** Notes on a report for staff only (never shown to the reporter or the public); each one is audited. */
export const reportNotes = pgTable(
  'report_notes',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    ...createdAt,
  },
  (t) => [index('report_notes_report_idx').on(t.reportId, t.id)],
);

/** The reporter's rating after closing; one per report. */
export const reportRatings = pgTable(
  'report_ratings',
  {
    reportId: integer('report_id')
      .primaryKey()
      .references(() => reports.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id').references(() => departments.id),
    rating: text('rating').$type<Rating>().notNull(),
    comment: text('comment'),
    ...createdAt,
  },
  (t) => [check('report_ratings_rating_check', sql`${t.rating} in (${inList(RATINGS)})`)],
);

/** Days that differ from the Monday-Friday week: public holidays, and weekend days worked instead (调休). */
export const holidays = pgTable(
  'holidays',
  {
    day: date('day', { mode: 'string' }).primaryKey(),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [check('holidays_kind_check', sql`${t.kind} in ('holiday', 'workday')`)],
);

/** Keys for Open311 clients; only the SHA-256 is stored, the key is shown once. */
export const open311Keys = pgTable('open311_keys', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  /** The first characters, so that admins can tell keys apart. */
  prefix: text('prefix').notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  ...createdAt,
  revokedAt: timestamptz('revoked_at'),
  revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
});

/**
 * Reports counted per map cell, category and status at a few zoom levels, kept in step by every
 * write: the city-wide map reads a few hundred rows here instead of a million reports.
 */
export const reportMapCells = pgTable(
  'report_map_cells',
  {
    level: smallint('level').notNull(),
    cx: integer('cx').notNull(),
    cy: integer('cy').notNull(),
    categoryId: integer('category_id').notNull(),
    status: text('status').$type<ReportStatus>().notNull(),
    count: integer('count').notNull(),
    sumLat: doublePrecision('sum_lat').notNull(),
    sumLng: doublePrecision('sum_lng').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.cx, t.cy, t.categoryId, t.status] })],
);

/**
 * Public reports per zoom-17 cell, all categories and public statuses together: the unfiltered
 * street-level map reads one row per cell instead of every report in view. `cell` is the zoom-17
 * cell's x in the high bits and y (offset to stay positive) in the low 20, like reports.map_cell.
 */
export const reportStreetCells = pgTable('report_street_cells', {
  cell: bigint('cell', { mode: 'number' }).primaryKey(),
  count: integer('count').notNull(),
  sumLat: doublePrecision('sum_lat').notNull(),
  sumLng: doublePrecision('sum_lng').notNull(),
});
