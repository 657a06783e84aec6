import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';

export const PROJECT_TYPES = ['traffic', 'leifeng_station', 'cleanup', 'civility', 'care', 'event', 'other'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const SKILLS = ['first_aid', 'traffic', 'sign_language', 'english', 'photography', 'driving', 'counselling', 'elderly_care'] as const;
export const AVAILABILITY = ['weekday_day', 'weekday_evening', 'weekend'] as const;

/**
 * A registered volunteer (志愿者实名注册), one per account and one per resident ID number. The ID number
 * is kept encrypted (AES-256-GCM) with a keyed hash for uniqueness and its masked form for display.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'cascade' }),
    /**
     * When the registration ended (the ID-number consent withdrawn, or the account closed): the ID
     * number, name and phone were erased then; the row stays for the hours and certificates.
     */
    endedAt: timestamptz('ended_at'),
    /** 志愿者编号, derived from the id so that it needs no second write. */
    volunteerNumber: text('volunteer_number')
      .generatedAlwaysAs(sql`'WMV' || lpad(id::text, 7, '0')`)
      .notNull(),
    realName: text('real_name').notNull(),
    idNumberCipher: text('id_number_cipher').notNull(),
    idNumberHash: text('id_number_hash').notNull().unique(),
    idNumberMasked: text('id_number_masked').notNull(),
    phone: text('phone').notNull(),
    communityId: integer('community_id')
      .notNull()
      .references(() => areas.id),
    skills: jsonb('skills').$type<string[]>().notNull().default([]),
    availability: jsonb('availability').$type<string[]>().notNull().default([]),
    /** Two no-shows within the window pause new sign-ups until then. */
    pausedUntil: timestamptz('paused_until'),
    /** SHA-256 of the private calendar feed token; null when none (or revoked). */
    calendarTokenHash: text('calendar_token_hash').unique(),
    ...createdAt,
  },
  (t) => [index('volunteers_community_idx').on(t.communityId)],
);

/** 志愿服务队. */
export const volunteerTeams = pgTable('volunteer_teams', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** The organization named on certificates for this team's service. */
  organization: text('organization').notNull(),
  ...createdAt,
});

/** Membership; leadership is per team (role 'leader'), so permissions follow it rather than users.role. */
export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'cascade' }),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    role: text('role').$type<'member' | 'leader'>().notNull().default('member'),
    joinedAt: timestamptz('joined_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.volunteerId] }),
    index('volunteer_team_members_volunteer_idx').on(t.volunteerId),
    check('volunteer_team_members_role_check', sql`${t.role} in ('member', 'leader')`),
  ],
);

/** 服务项目: a place on the map where a team serves, in shifts. */
export const volunteerProjects = pgTable(
  'volunteer_projects',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id')
      .notNull()
      .references(() => volunteerTeams.id),
    title: text('title').notNull(),
    type: text('type').$type<ProjectType>().notNull(),
    description: text('description').notNull().default(''),
    address: text('address').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    /** Resolved from the place, for filters and figures by district. */
    communityId: integer('community_id').references(() => areas.id),
    districtId: integer('district_id').references(() => areas.id),
    ...createdAt,
  },
  (t) => [
    index('volunteer_projects_team_idx').on(t.teamId),
    check('volunteer_projects_type_check', sql`${t.type} in ('traffic', 'leifeng_station', 'cleanup', 'civility', 'care', 'event', 'other')`),
  ],
);

/**
 * 班次. confirmed_count and waitlist_count are kept under the row lock that every sign-up and
 * cancellation takes, and the check constraint makes overbooking impossible even for a bug.
 */
export const volunteerShifts = pgTable(
  'volunteer_shifts',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => volunteerProjects.id, { onDelete: 'cascade' }),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    requiredSkills: jsonb('required_skills').$type<string[]>().notNull().default([]),
    /** Null: open as soon as published. */
    signupOpensAt: timestamptz('signup_opens_at'),
    /** Null: open until the shift starts. */
    signupClosesAt: timestamptz('signup_closes_at'),
    /** Confirmed volunteers may cancel until this many minutes before the start. */
    cancelCutoffMinutes: integer('cancel_cutoff_minutes').notNull().default(180),
    confirmedCount: integer('confirmed_count').notNull().default(0),
    waitlistCount: integer('waitlist_count').notNull().default(0),
    /** When no-shows and unfinished check-ins were settled after the end. */
    settledAt: timestamptz('settled_at'),
    /** A leader called the shift off: every sign-up was cancelled and told; it no longer takes sign-ups. */
    cancelledAt: timestamptz('cancelled_at'),
    cancelReason: text('cancel_reason'),
    ...createdAt,
  },
  (t) => [
    index('volunteer_shifts_starts_idx').on(t.startsAt),
    index('volunteer_shifts_project_idx').on(t.projectId),
    index('volunteer_shifts_unsettled_idx')
      .on(t.endsAt)
      .where(sql`${t.settledAt} is null`),
    check('volunteer_shifts_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('volunteer_shifts_capacity_check', sql`${t.capacity} > 0 and ${t.confirmedCount} >= 0 and ${t.confirmedCount} <= ${t.capacity}`),
    check('volunteer_shifts_waitlist_check', sql`${t.waitlistCount} >= 0`),
  ],
);

export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled', 'no_show'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** One row per volunteer and shift (re-signing after a cancellation reuses it); attendance lives here too. */
export const volunteerSignups = pgTable(
  'volunteer_signups',
  {
    id: serial('id').primaryKey(),
    shiftId: integer('shift_id')
      .notNull()
      .references(() => volunteerShifts.id, { onDelete: 'cascade' }),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    status: text('status').$type<SignupStatus>().notNull(),
    /** 1..n among the shift's waitlisted sign-ups, without gaps; null otherwise. */
    position: integer('position'),
    signedUpAt: timestamptz('signed_up_at').notNull().defaultNow(),
    cancelledAt: timestamptz('cancelled_at'),
    promotedAt: timestamptz('promoted_at'),
    checkedInAt: timestamptz('checked_in_at'),
    checkInMethod: text('check_in_method').$type<'qr' | 'manual'>(),
    /** Metres from the project's place, when the phone shared its location. */
    checkInDistanceM: integer('check_in_distance_m'),
    /** Farther than the set radius: shown to the leader, not refused. */
    checkInFlagged: boolean('check_in_flagged').notNull().default(false),
    checkedOutAt: timestamptz('checked_out_at'),
    checkOutMethod: text('check_out_method').$type<'qr' | 'manual'>(),
  },
  (t) => [
    uniqueIndex('volunteer_signups_shift_volunteer_idx').on(t.shiftId, t.volunteerId),
    index('volunteer_signups_volunteer_idx').on(t.volunteerId, t.status),
    check('volunteer_signups_status_check', sql`${t.status} in ('confirmed', 'waitlisted', 'cancelled', 'no_show')`),
    check('volunteer_signups_position_check', sql`(${t.status} = 'waitlisted') = (${t.position} is not null)`),
  ],
);

/**
 * Service hours. 'system' rows come from check-in and check-out (one per sign-up); 'manual' rows are
 * added by a leader with a reason. minutes is what was recorded; approved_minutes what the leader
 * approved (a change needs a reason). Only approved rows count.
 */
export const volunteerHours = pgTable(
  'volunteer_hours',
  {
    id: serial('id').primaryKey(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => volunteerProjects.id),
    shiftId: integer('shift_id').references(() => volunteerShifts.id),
    source: text('source').$type<'system' | 'manual'>().notNull(),
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    /**
     * When the service began and ended: check-in and check-out for 'system' rows, the leader's
     * from/to for 'manual' ones. A person's rows never overlap (src/lib/server/volunteers/hours.ts);
     * null on rows recorded before these were kept.
     */
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    minutes: integer('minutes').notNull(),
    approvedMinutes: integer('approved_minutes'),
    status: text('status').$type<'pending' | 'approved' | 'rejected'>().notNull().default('pending'),
    /** Why hand-added or adjusted hours differ from the record. */
    reason: text('reason'),
    /** The system filled in a missing check-out with the shift's end. */
    noCheckOut: boolean('no_check_out').notNull().default(false),
    createdBy: integer('created_by').references(() => users.id),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: timestamptz('approved_at'),
    ...createdAt,
  },
  (t) => [
    index('volunteer_hours_volunteer_idx').on(t.volunteerId, t.status),
    uniqueIndex('volunteer_hours_system_idx')
      .on(t.shiftId, t.volunteerId)
      .where(sql`${t.source} = 'system'`),
    check('volunteer_hours_source_check', sql`${t.source} in ('system', 'manual')`),
    check('volunteer_hours_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check('volunteer_hours_minutes_check', sql`${t.minutes} >= 0 and (${t.approvedMinutes} is null or ${t.approvedMinutes} >= 0)`),
  ],
);

/** 志愿服务记录证明: a snapshot of what was certified, so a certificate never changes after issue. */
export const volunteerCertificates = pgTable('volunteer_certificates', {
  id: serial('id').primaryKey(),
  volunteerId: integer('volunteer_id')
    .notNull()
    .references(() => volunteers.id, { onDelete: 'cascade' }),
  number: text('number').notNull().unique(),
  verificationCode: text('verification_code').notNull().unique(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  totalMinutes: integer('total_minutes').notNull(),
  projects: jsonb('projects').$type<{ title: string; minutes: number }[]>().notNull(),
  issuer: text('issuer').notNull(),
  realName: text('real_name').notNull(),
  idNumberMasked: text('id_number_masked').notNull(),
  volunteerNumber: text('volunteer_number').notNull(),
  issuedBy: integer('issued_by').references(() => users.id),
  issuedAt: timestamptz('issued_at').notNull().defaultNow(),
  revokedAt: timestamptz('revoked_at'),
  revokedBy: integer('revoked_by').references(() => users.id),
  revokeReason: text('revoke_reason'),
});

/**
 * A volunteer asks for a certificate for a period. When every hours record in it is decided, the
 * system issues it at once; otherwise a leader of a team whose hours it covers (or an admin) issues it.
 */
export const volunteerCertificateRequests = pgTable(
  'volunteer_certificate_requests',
  {
    id: serial('id').primaryKey(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    status: text('status').$type<'pending' | 'issued'>().notNull().default('pending'),
    certificateId: integer('certificate_id').references(() => volunteerCertificates.id),
    requestedAt: timestamptz('requested_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_certificate_requests_volunteer_idx').on(t.volunteerId),
    index('volunteer_certificate_requests_pending_idx')
      .on(t.status)
      .where(sql`${t.status} = 'pending'`),
    check('volunteer_certificate_requests_status_check', sql`${t.status} in ('pending', 'issued')`),
  ],
);
