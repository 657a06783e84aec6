import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { reports } from './reports';

/**
 * Deadline events of a report, recorded once when they happen (by the deadline check job) rather
 * than computed when read: a warning one working day before the deadline, and the supervision
 * ticket turning white, yellow or red. Unique per report, kind and deadline: a new deadline (a new
 * assignment) can warn again.
 */
export const reportDeadlineEvents = pgTable(
  'report_deadline_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'warning' | 'white' | 'yellow' | 'red'>().notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    check('report_deadline_events_kind_check', sql`${t.kind} in ('warning', 'white', 'yellow', 'red')`),
    uniqueIndex('report_deadline_events_once_idx').on(t.reportId, t.kind, t.deadline),
    index('report_deadline_events_at_idx').on(t.at),
  ],
);
