/**
 * Evaluation readiness (测评准备): the city's declared inspection sites (实地考察点), checklist
 * templates per site type (versioned: a change makes a new version, inspections keep theirs), the
 * inspections made against them, and mock evaluation rounds (模拟测评) with their recorded draw.
 */
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, serial, smallint, text, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';
import { departments } from './departments';
import { reports } from './reports';

/** The evaluation's site types, in the order of its field-inspection list. */
export const SITE_TYPES = [
  'main_road',
  'back_street',
  'community',
  'farmers_market',
  'square',
  'park',
  'public_toilet',
  'coach_station',
  'bus_terminal',
  'railway_station',
  'service_hall',
  'hospital',
  'school',
  'library',
  'tourist_center',
  'shopping_street',
  'restaurant',
  'internet_cafe',
  'entertainment',
  'business_hall',
  'construction_site',
] as const;
export type SiteType = (typeof SITE_TYPES)[number];

/** Types from which unannounced streets are drawn. */
export const STREET_TYPES: readonly SiteType[] = ['main_road', 'back_street'];

export const ANSWERS = ['pass', 'fail', 'na'] as const;
export type Answer = (typeof ANSWERS)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export const readinessSites = pgTable(
  'readiness_sites',
  {
    id: serial('id').primaryKey(),
    /** The city's own reference (import key): a re-imported row updates its site. */
    code: text('code').notNull().unique(),
    type: text('type').$type<SiteType>().notNull(),
    name: text('name').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    /** Resolved from lat/lng when the site is saved. */
    gridId: integer('grid_id').references(() => areas.id),
    communityId: integer('community_id').references(() => areas.id),
    subdistrictId: integer('subdistrict_id').references(() => areas.id),
    districtId: integer('district_id').references(() => areas.id),
    /** 包保责任单位: failed items are assigned to it. */
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    active: boolean('active').notNull().default(true),
    /** The latest inspection, kept by the inspection's transaction so lists and the map read one row per site. */
    lastInspectionId: integer('last_inspection_id'),
    lastScore: real('last_score'),
    lastInspectedAt: timestamptz('last_inspected_at'),
    ...createdAt,
  },
  (t) => [
    check('readiness_sites_type_check', sql`${t.type} in (${inList(SITE_TYPES)})`),
    index('readiness_sites_type_idx').on(t.type, t.id),
    index('readiness_sites_district_idx').on(t.districtId),
  ],
);

/** One version of a site type's checklist; the highest version is the current one. */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: serial('id').primaryKey(),
    siteType: text('site_type').$type<SiteType>().notNull(),
    version: integer('version').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...createdAt,
  },
  (t) => [uniqueIndex('checklist_templates_type_version_idx').on(t.siteType, t.version)],
);

export const checklistItems = pgTable(
  'checklist_items',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => checklistTemplates.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    textZh: text('text_zh').notNull(),
    textEn: text('text_en').notNull(),
    weight: smallint('weight').notNull(),
    /** The report category a failure is filed under. */
    categoryCode: text('category_code').notNull(),
  },
  (t) => [index('checklist_items_template_idx').on(t.templateId, t.position), check('checklist_items_weight_check', sql`${t.weight} between 1 and 100`)],
);

export const mockRounds = pgTable('mock_rounds', {
  id: serial('id').primaryKey(),
  /** The PRNG seed: with `pool` it reproduces the draw. */
  seed: integer('seed').notNull(),
  /** Share drawn per site type, as set when drawing. */
  proportions: jsonb('proportions').$type<Record<string, number>>().notNull(),
  streetCount: smallint('street_count').notNull(),
  /** The candidate ids at draw time (sites by type, street sites, grid cells), so a later check re-runs the same draw. */
  pool: jsonb('pool').$type<{ sites: { id: number; type: SiteType }[]; cells: number[] }>().notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  ...createdAt,
  /**
   * The round's window, from the draw to here: an inspection of a drawn site made in it counts for
   * the round even when not started from the round's plan.
   */
  endsAt: timestamptz('ends_at')
    .notNull()
    .default(sql`now() + interval '7 days'`),
});

/** The draw's result in plan order: a drawn site, or an unannounced street (a street site or a grid cell). */
export const mockRoundStops = pgTable(
  'mock_round_stops',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => mockRounds.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    kind: text('kind').$type<'site' | 'street'>().notNull(),
    siteId: integer('site_id').references(() => readinessSites.id),
    areaId: integer('area_id').references(() => areas.id),
    /** The inspector the office gave this stop to (null: not yet assigned). */
    inspectorId: integer('inspector_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.position] }),
    index('mock_round_stops_inspector_idx').on(t.inspectorId),
    // No site twice in a round, whatever the drawing code does.
    uniqueIndex('mock_round_stops_site_idx').on(t.roundId, t.siteId),
    check('mock_round_stops_kind_check', sql`${t.kind} in ('site', 'street')`),
    check('mock_round_stops_target_check', sql`(${t.siteId} is null) <> (${t.areaId} is null)`),
  ],
);

export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    siteId: integer('site_id')
      .notNull()
      .references(() => readinessSites.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    inspectorId: integer('inspector_id').references(() => users.id, { onDelete: 'set null' }),
    mockRoundId: integer('mock_round_id').references(() => mockRounds.id),
    /** Weighted share passed, 0-100, not-applicable items left out. */
    score: real('score').notNull(),
    passedWeight: integer('passed_weight').notNull(),
    totalWeight: integer('total_weight').notNull(),
    failedCount: smallint('failed_count').notNull(),
    /** From the form's hidden field: a retried submission finds the first one. */
    clientKey: text('client_key').notNull(),
    ...createdAt,
  },
  (t) => [
    uniqueIndex('inspections_client_key_idx').on(t.inspectorId, t.clientKey),
    index('inspections_site_idx').on(t.siteId, t.createdAt),
    index('inspections_created_idx').on(t.createdAt),
    index('inspections_round_idx').on(t.mockRoundId),
  ],
);

export interface AnswerPhoto {
  key: string;
  thumbnailKey: string;
}

export const inspectionAnswers = pgTable(
  'inspection_answers',
  {
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => checklistItems.id),
    answer: text('answer').$type<Answer>().notNull(),
    note: text('note'),
    photos: jsonb('photos').$type<AnswerPhoto[]>().notNull().default([]),
    /** The report a failed item became. */
    reportId: integer('report_id').references(() => reports.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.itemId] }),
    index('inspection_answers_report_idx').on(t.reportId),
    check('inspection_answers_answer_check', sql`${t.answer} in (${inList(ANSWERS)})`),
  ],
);
