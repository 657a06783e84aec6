/**
 * Residents who keep coming back (issue 21): updates on reports ("still there" / "fixed"), flags
 * that hide abusive content pending review, and reporter points (积分) with their rules and caps.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';
import { reports } from './reports';

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export const UPDATE_MARKS = ['still_there', 'fixed'] as const;
export type UpdateMark = (typeof UPDATE_MARKS)[number];

/** pending: waits for a moderator (first update of a new account); visible; hidden (by a moderator or by flags). */
export const UPDATE_STATUSES = ['pending', 'visible', 'hidden'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/** A resident's update on a public report; never changes the report's state. */
export const reportUpdates = pgTable(
  'report_updates',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** As typed; shown masked to everyone but the author and the staff who handle the report. */
    body: text('body').notNull(),
    /** Only the reporter and followers may mark; the office sees it in its queue. */
    mark: text('mark').$type<UpdateMark>(),
    status: text('status').$type<UpdateStatus>().notNull().default('visible'),
    photoKey: text('photo_key'),
    photoThumbnailKey: text('photo_thumbnail_key'),
    photoWidth: integer('photo_width'),
    photoHeight: integer('photo_height'),
    /** Why a moderator hid it (told to the author); null while shown. */
    hiddenReason: text('hidden_reason'),
    moderatedBy: integer('moderated_by').references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: timestamptz('moderated_at'),
    /** A "fixed" mark the office has looked at (verified or not); null while it waits. */
    markHandledAt: timestamptz('mark_handled_at'),
    ...createdAt,
  },
  (t) => [
    check('report_updates_mark_check', sql`${t.mark} is null or ${t.mark} in (${inList(UPDATE_MARKS)})`),
    check('report_updates_status_check', sql`${t.status} in (${inList(UPDATE_STATUSES)})`),
    check('report_updates_body_check', sql`char_length(${t.body}) between 1 and 1000`),
    index('report_updates_report_idx').on(t.reportId, t.id),
    index('report_updates_status_idx').on(t.status, t.id),
    index('report_updates_author_idx').on(t.authorId, t.createdAt),
  ],
);

export const FLAG_TARGETS = ['report', 'update', 'nomination', 'objection'] as const;
export type FlagTarget = (typeof FLAG_TARGETS)[number];
export const FLAG_REASONS = ['personal_info', 'abuse', 'false', 'advertising', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
/** open: waiting; upheld: the item was removed; dismissed: the item was restored (a false flag). */
export const FLAG_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** One person's flag on one item (the unique index makes a second one a 409). */
export const contentFlags = pgTable(
  'content_flags',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetType: text('target_type').$type<FlagTarget>().notNull(),
    targetId: integer('target_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').$type<FlagReason>().notNull(),
    /** Counted towards the automatic hide (the account was older than a day when it flagged). */
    counted: boolean('counted').notNull(),
    status: text('status').$type<FlagStatus>().notNull().default('open'),
    resolvedAt: timestamptz('resolved_at'),
    ...createdAt,
  },
  (t) => [
    uniqueIndex('content_flags_once_idx').on(t.targetType, t.targetId, t.userId),
    index('content_flags_user_idx').on(t.userId, t.status, t.resolvedAt),
    check('content_flags_target_check', sql`${t.targetType} in (${inList(FLAG_TARGETS)})`),
    check('content_flags_reason_check', sql`${t.reason} in (${inList(FLAG_REASONS)})`),
    check('content_flags_status_check', sql`${t.status} in (${inList(FLAG_STATUSES)})`),
  ],
);

/** hidden: out of public view pending review; restored; removed (stays out of public view). */
export const HIDE_STATES = ['hidden', 'restored', 'removed'] as const;
export type HideState = (typeof HIDE_STATES)[number];

/**
 * An item flagged into the review queue: hidden once enough flags came in, then restored or removed
 * by a moderator with a reason. Public reads leave out every item whose state is hidden or removed.
 */
export const contentReviews = pgTable(
  'content_reviews',
  {
    targetType: text('target_type').$type<FlagTarget>().notNull(),
    targetId: integer('target_id').notNull(),
    state: text('state').$type<HideState>().notNull(),
    /** The person whose content it is (told why, may ask for a review once). */
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    hiddenAt: timestamptz('hidden_at'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamptz('decided_at'),
    decisionReason: text('decision_reason'),
    /** The author asked for a review (once). */
    appealedAt: timestamptz('appealed_at'),
    appealNote: text('appeal_note'),
    ...createdAt,
  },
  (t) => [
    primaryKey({ columns: [t.targetType, t.targetId] }),
    index('content_reviews_state_idx').on(t.state, t.hiddenAt),
    check('content_reviews_state_check', sql`${t.state} in (${inList(HIDE_STATES)})`),
  ],
);

/** Points rules admins set (积分规则): how many points each kind of participation earns. */
export const POINT_EVENTS = ['report_accepted', 'report_verified', 'report_new_cell', 'nomination_accepted', 'volunteer_hours', 'quiz_completed'] as const;
export type PointEvent = (typeof POINT_EVENTS)[number];

export const pointRules = pgTable(
  'point_rules',
  {
    event: text('event').$type<PointEvent>().primaryKey(),
    points: smallint('points').notNull(),
    active: boolean('active').notNull().default(true),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('point_rules_points_check', sql`${t.points} between 0 and 1000`), check('point_rules_event_check', sql`${t.event} in (${inList(POINT_EVENTS)})`)],
);

/** awarded: counts; review: held (account cluster), counts once released; revoked: no longer counts. */
export const AWARD_STATUSES = ['awarded', 'review', 'revoked'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

/** One award of points for one event; the unique index keeps an event from paying twice. */
export const pointAwards = pgTable(
  'point_awards',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').$type<PointEvent>().notNull(),
    /** What earned it, e.g. report:12, shift:3. */
    sourceKey: text('source_key').notNull(),
    points: smallint('points').notNull(),
    /** Requested before the caps cut it (0 when a cap was already reached). */
    requested: smallint('requested').notNull(),
    status: text('status').$type<AwardStatus>().notNull().default('awarded'),
    /** The community it counts for on the monthly leaderboard (the report's, else none). */
    communityId: integer('community_id').references(() => areas.id),
    /** The city day it was earned (caps and months count by it). */
    day: date('day', { mode: 'string' }).notNull(),
    note: text('note'),
    revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamptz('revoked_at'),
    revokedReason: text('revoked_reason'),
    ...createdAt,
  },
  (t) => [
    uniqueIndex('point_awards_once_idx').on(t.userId, t.event, t.sourceKey),
    index('point_awards_user_day_idx').on(t.userId, t.day),
    index('point_awards_day_idx').on(t.day, t.communityId),
    check('point_awards_status_check', sql`${t.status} in (${inList(AWARD_STATUSES)})`),
    check('point_awards_points_check', sql`${t.points} >= 0 and ${t.requested} >= 0`),
  ],
);

/** Opt-in: the name a person chose to show on the leaderboard (nothing is shown without it). */
export const pointProfiles = pgTable('point_profiles', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  leaderboardName: text('leaderboard_name'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});
