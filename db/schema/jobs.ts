import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The durable job queue (src/lib/server/jobs/): one row per job. Workers claim due rows with
 * `FOR UPDATE SKIP LOCKED` and hold them by a lease (`locked_until`): a worker that dies leaves a
 * running row whose lease runs out, and another worker takes it again. Failed attempts come back
 * later (backoff) until `max_attempts`, then stay `failed` for the admins' page.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The registered handler, e.g. "messages.deliver". */
    name: text('name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    /** Not before this time. */
    runAt: timestamptz('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /** At most one job with this key, ever (e.g. "schedule:purge:2026-12-04T03:00Z"): enqueueing it again does nothing. */
    singletonKey: text('singleton_key'),
    lockedBy: text('locked_by'),
    lockedUntil: timestamptz('locked_until'),
    lastError: text('last_error'),
    ...createdAt,
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    check('jobs_status_check', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    uniqueIndex('jobs_singleton_key_idx').on(t.singletonKey),
    // The claim reads only queued and running rows, in run order.
    index('jobs_due_idx')
      .on(t.runAt, t.id)
      .where(sql`${t.status} in ('queued', 'running')`),
    index('jobs_failed_idx')
      .on(t.finishedAt)
      .where(sql`${t.status} = 'failed'`),
  ],
);

/**
 * Recurring jobs (declared in code with defineRecurring): when each runs next. An instance whose
 * tick finds a schedule due moves `next_run_at` forward with a conditional update; only the one
 * whose update matched enqueues the run, so a run happens once however many instances tick.
 */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  job: text('job').notNull(),
  /** How it repeats, as declared: "every 15m" or "daily 07:00" (city time). */
  rule: text('rule').notNull(),
  nextRunAt: timestamptz('next_run_at').notNull(),
  lastRunAt: timestamptz('last_run_at'),
});
