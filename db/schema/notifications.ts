import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { users } from './auth';

/**
 * In-app notifications: one row per recipient. The message is stored as an i18n key and params,
 * so each person reads it in their own language; a link says where it leads.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What happened, e.g. "report.status", "shift.promoted". */
    kind: text('kind').notNull(),
    messageKey: text('message_key').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    link: text('link'),
    readAt: timestamptz('read_at'),
    /** Once-only notices (reminders, deadline events): "<notice key>:<user>", unique. */
    dedupeKey: text('dedupe_key'),
    ...createdAt,
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), uniqueIndex('notifications_dedupe_idx').on(t.dedupeKey)],
);
