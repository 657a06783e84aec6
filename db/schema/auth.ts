import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
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
    phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('users_role_check', sql`${t.role} in ('resident', 'volunteer', 'team_leader', 'department_staff', 'grid_worker', 'moderator', 'admin')`),
    check('users_login_check', sql`${t.phone} is not null or ${t.username} is not null`),
    check('users_staff_department_check', sql`${t.role} <> 'department_staff' or ${t.departmentId} is not null`),
    check('users_grid_worker_cell_check', sql`${t.role} <> 'grid_worker' or ${t.gridCellId} is not null`),
  ],
);

/** PIPL: which version of the privacy notice a user accepted, and when. */
export const privacyConsents = pgTable(
  'privacy_consents',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('privacy_consents_user_idx').on(t.userId)],
);

/** Sessions as in the Lucia guide: the id is the SHA-256 of the token, which is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed-login counters, shared by every instance: one row per throttled key
 * ("account:<id>" or "ip:<address>").
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    /** No attempt is checked before this moment. */
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
  },
);
