import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdAt, timestamps, timestamptz } from './columns';
import { areas } from './city';
import { departments } from './departments';

export const ROLES = [
  'resident',
  'volunteer',
  'team_leader',
  'department_staff',
  'grid_worker',
  'moderator',
  'admin',
  /** An organization (单位, e.g. a school, company or residents' committee): nominates in its own name. */
  'organization',
] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    /** Mainland mobile number, 11 digits; null only for named demo/service accounts. */
    phone: text('phone').unique(),
    /** Login name of demo and service accounts; residents log in with their phone. */
    username: text('username').unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<Role>().notNull().default('resident'),
    /** Set for department staff. */
    departmentId: integer('department_id').references(() => departments.id),
    /** Set for grid workers: the grid cell (网格) they look after. */
    gridCellId: integer('grid_cell_id').references(() => areas.id),
    phoneVerifiedAt: timestamptz('phone_verified_at'),
    /** The organization's name (推荐单位), set for organization accounts. */
    organizationName: text('organization_name'),
    /** An optional e-mail address, proved by a link (emailVerifiedAt). */
    email: text('email').unique(),
    emailVerifiedAt: timestamptz('email_verified_at'),
    /** Asked at registration: under 14, volunteering and nominating need a guardian's consent. */
    birthYear: integer('birth_year'),
    /** Set by an admin: no login, every session ended. */
    disabledAt: timestamptz('disabled_at'),
    /** 注销: the person closed the account; personal fields are erased, the row stays for the public record. */
    closedAt: timestamptz('closed_at'),
    ...timestamps,
  },
  (t) => [
    check('users_role_check', sql`${t.role} in ('resident', 'volunteer', 'team_leader', 'department_staff', 'grid_worker', 'moderator', 'admin', 'organization')`),
    check('users_login_check', sql`${t.phone} is not null or ${t.username} is not null or ${t.closedAt} is not null`),
    check('users_birth_year_check', sql`${t.birthYear} is null or ${t.birthYear} between 1900 and 2100`),
    check('users_staff_department_check', sql`${t.role} <> 'department_staff' or ${t.departmentId} is not null`),
    check('users_grid_worker_cell_check', sql`${t.role} <> 'grid_worker' or ${t.gridCellId} is not null`),
    check('users_organization_name_check', sql`${t.role} <> 'organization' or ${t.organizationName} is not null`),
  ],
);

export const CONSENT_KINDS = ['privacy', 'id_number', 'guardian'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/**
 * PIPL: each consent a person gave, with the notice version and time: the privacy notice
 * ('privacy'), the separate consent to process the ID number ('id_number', sensitive personal
 * information), and a guardian's consent for a child under 14 ('guardian', detail: who gave it).
 * A withdrawal is recorded on the row, never by deleting it.
 */
export const privacyConsents = pgTable(
  'privacy_consents',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ConsentKind>().notNull().default('privacy'),
    version: text('version').notNull(),
    /** For a guardian's consent: the guardian's name and relation, as given. */
    detail: text('detail'),
    acceptedAt: timestamptz('accepted_at').notNull().defaultNow(),
    withdrawnAt: timestamptz('withdrawn_at'),
  },
  (t) => [index('privacy_consents_user_idx').on(t.userId, t.kind), check('privacy_consents_kind_check', sql`${t.kind} in ('privacy', 'id_number', 'guardian')`)],
);

/** Sessions as in the Lucia guide: the id is the SHA-256 of the token, which is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamptz('expires_at').notNull(),
    ...createdAt,
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed-login counters, shared by every instance: one row per throttled key
 * ("account:<id>" or "ip:<address>").
 */
export const loginThrottles = pgTable('login_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  /** No attempt is checked before this moment. */
  blockedUntil: timestamptz('blocked_until'),
  lastFailureAt: timestamptz('last_failure_at').notNull().defaultNow(),
});

/**
 * SMS codes that prove an account holds its phone. Only a keyed hash of the code is stored; a code
 * lasts ten minutes and allows five tries. The rows double as the rate limit's record (per account
 * and per phone), so every instance sees the same counts.
 */
export const phoneVerifications = pgTable(
  'phone_verifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The number the code was sent to: the account's phone ('verify'), or the new number ('change'). */
    phone: text('phone').notNull(),
    purpose: text('purpose').$type<'verify' | 'change'>().notNull().default('verify'),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Set when the code was used, or replaced by a newer one. */
    consumedAt: timestamptz('consumed_at'),
    ...createdAt,
  },
  (t) => [
    index('phone_verifications_user_idx').on(t.userId, t.createdAt),
    index('phone_verifications_phone_idx').on(t.phone, t.createdAt),
    check('phone_verifications_attempts_check', sql`${t.attempts} >= 0`),
    check('phone_verifications_purpose_check', sql`${t.purpose} in ('verify', 'change')`),
  ],
);

/**
 * 忘记密码: SMS codes that let the holder of a registered phone set a new password. A row is written
 * for unknown numbers too (no SMS goes out, user_id is null), so the rate limits and the answer are
 * the same whether or not the number is registered. ip_key is a keyed hash of the asking address.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: serial('id').primaryKey(),
    phone: text('phone').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    ipKey: text('ip_key').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamptz('consumed_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('password_resets_phone_idx').on(t.phone, t.createdAt),
    index('password_resets_ip_idx').on(t.ipKey, t.createdAt),
    check('password_resets_attempts_check', sql`${t.attempts} >= 0`),
  ],
);

/** Links that prove an account holds an e-mail address; only the token's SHA-256 is stored. */
export const emailVerifications = pgTable(
  'email_verifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamptz('expires_at').notNull(),
    consumedAt: timestamptz('consumed_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('email_verifications_user_idx').on(t.userId, t.createdAt)],
);
