import { index, jsonb, pgTable, serial } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * One row per run of the retention sweep (src/lib/server/privacy/retention.ts): when it ran, the
 * periods in force and how many records of each kind it removed. No personal data; the admins'
 * retention page shows the latest runs.
 */
export const retentionRuns = pgTable(
  'retention_runs',
  {
    id: serial('id').primaryKey(),
    ranAt: timestamptz('ran_at').notNull(),
    /** Days per kind, as the settings said at the run. */
    periods: jsonb('periods').$type<Record<string, number>>().notNull(),
    /** Records removed per kind. */
    removed: jsonb('removed').$type<Record<string, number>>().notNull(),
  },
  (t) => [index('retention_runs_ran_at_idx').on(t.ranAt)],
);
