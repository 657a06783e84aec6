/**
 * The durable job queue, on our own database (PostgreSQL or the embedded PGlite alike).
 *
 *   // a job: a name and a handler; handlers must be idempotent (a job can run again after a crash)
 *   export const purgeExpired = defineJob('ops.purge-expired', async (payload: { table?: string }, { db, now }) => { … });
 *   // run it once, now or later (a singleton key makes enqueueing twice a no-op)
 *   await purgeExpired.enqueue(db, { table: 'sessions' }, { runAt, singletonKey: 'purge:sessions' });
 *   // or on a schedule, once across all instances
 *   defineRecurring('ops.purge-expired.nightly', purgeExpired, { dailyAt: '03:30' });   // city time
 *   defineRecurring('reports.deadline-check', deadlineCheck, { every: '15m' });
 *
 * Then import the module that declares them from ./catalog.ts, so that every instance's runner knows
 * them. Jobs are rows in `jobs`; see db/schema/jobs.ts for how claims, leases and retries work.
 */
import { and, asc, count, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { jobSchedules, jobs, type JobStatus } from '../../../../db/schema';
import { telemetry } from '../telemetry';
import { addDays, cityDay, parseCityDateTime } from '../time';

export interface JobContext {
  db: Db;
  /** The runner's clock: use it instead of new Date() so tests can move time. */
  now: Date;
  job: { id: number; name: string; attempts: number };
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<void>;

export interface JobOptions {
  /** Attempts before the job is left failed for the admins (default 5). */
  maxAttempts?: number;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job with this key, ever: enqueueing it again returns null and does nothing. */
  singletonKey?: string;
  maxAttempts?: number;
}

export interface JobType<P> {
  name: string;
  enqueue(db: Db, payload: P, options?: EnqueueOptions): Promise<number | null>;
}

interface Registered {
  handler: JobHandler<never>;
  maxAttempts: number;
}

/**
 * How long a claim lasts: a worker that has not finished a job by then is taken for dead, and the
 * job runs again elsewhere. Handlers that may take longer must split their work into batches.
 */
export const LEASE_MS = 5 * 60_000;

const KEY = Symbol.for('wenming.jobs');
type Registry = { handlers: Map<string, Registered>; schedules: Map<string, Schedule> };
const registry: Registry = ((globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined) ?? { handlers: new Map(), schedules: new Map() };
(globalThis as Record<symbol, unknown>)[KEY] = registry;

/** Declares a job type. Declaring the same name again replaces the handler (module reloads). */
export function defineJob<P extends object>(name: string, handler: JobHandler<P>, options: JobOptions = {}): JobType<P> {
  registry.handlers.set(name, { handler: handler as JobHandler<never>, maxAttempts: options.maxAttempts ?? 5 });
  return { name, enqueue: (db, payload, enqueueOptions) => enqueue(db, name, payload, enqueueOptions) };
}

/** Adds a job to the queue (inside the caller's transaction when given one, so it commits with the write). */
export async function enqueue(db: Db, name: string, payload: object, options: EnqueueOptions = {}): Promise<number | null> {
  const rows = await db
    .insert(jobs)
    .values({
      name,
      payload: payload as Record<string, unknown>,
      runAt: options.runAt ?? new Date(),
      singletonKey: options.singletonKey ?? null,
      maxAttempts: options.maxAttempts ?? registry.handlers.get(name)?.maxAttempts ?? 5,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  if (rows[0]) wake?.();
  return rows[0]?.id ?? null;
}

// ---------------------------------------------------------------- recurring jobs

export type RepeatRule = { every: `${number}${'s' | 'm' | 'h'}` } | { dailyAt: `${number}:${number}` };

export interface Schedule {
  name: string;
  job: string;
  rule: string;
  payload: object;
}

/**
 * Runs `job` on a schedule, once across all instances: `{ every: '15m' }` (slots aligned to the
 * clock, so :00, :15, …) or `{ dailyAt: '07:00' }` (China time). The first run is the first slot
 * after the runner starts.
 */
export function defineRecurring<P extends object>(name: string, job: JobType<P> | string, rule: RepeatRule, payload?: P): void {
  const ruleText = 'every' in rule ? `every ${rule.every}` : `daily ${rule.dailyAt}`;
  nextRun(ruleText, new Date()); // throws now on a rule it cannot read
  registry.schedules.set(name, { name, job: typeof job === 'string' ? job : job.name, rule: ruleText, payload: payload ?? {} });
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The first slot of a rule strictly after `after`. */
export function nextRun(rule: string, after: Date): Date {
  const every = /^every (\d+)([smh])$/.exec(rule);
  if (every) {
    const step = Number(every[1]) * UNIT_MS[every[2] as keyof typeof UNIT_MS];
    if (step <= 0) throw new Error(`Bad schedule rule: ${rule}`);
    return new Date((Math.floor(after.getTime() / step) + 1) * step);
  }
  const daily = /^daily (\d{1,2}):(\d{2})$/.exec(rule);
  if (daily && Number(daily[1]) < 24 && Number(daily[2]) < 60) {
    // City time (src/lib/server/time.ts).
    const time = `${daily[1]!.padStart(2, '0')}:${daily[2]}`;
    const today = cityDay(after);
    const slot = parseCityDateTime(`${today}T${time}`)!;
    return slot > after ? slot : parseCityDateTime(`${addDays(today, 1)}T${time}`)!;
  }
  throw new Error(`Bad schedule rule: ${rule}`);
}

/** Writes the declared schedules' rows (new ones start at their next slot; a changed rule restarts). */
export async function syncSchedules(db: Db, now: Date): Promise<void> {
  for (const schedule of registry.schedules.values()) {
    await db
      .insert(jobSchedules)
      .values({ name: schedule.name, job: schedule.job, rule: schedule.rule, nextRunAt: nextRun(schedule.rule, now) })
      .onConflictDoUpdate({
        target: jobSchedules.name,
        set: {
          job: schedule.job,
          rule: schedule.rule,
          nextRunAt: sql`case when ${jobSchedules.rule} = excluded.rule then ${jobSchedules.nextRunAt} else excluded.next_run_at end`,
        },
      });
  }
}

/**
 * Enqueues the runs of the schedules that are due. Each due row is moved to its next slot with a
 * compare-and-set on the slot it was read at: of several instances ticking at once, one matches.
 * The run's singleton key (schedule name and slot) makes a second enqueue impossible anyway.
 */
export async function tickSchedules(db: Db, now: Date): Promise<number> {
  const due = await db.select().from(jobSchedules).where(lte(jobSchedules.nextRunAt, now));
  let started = 0;
  for (const row of due) {
    const schedule = registry.schedules.get(row.name);
    if (!schedule) continue; // declared by another version of the code; that version runs it
    const won = await db.transaction(async (tx) => {
      const moved = await tx
        .update(jobSchedules)
        .set({ nextRunAt: nextRun(row.rule, now), lastRunAt: now })
        .where(and(eq(jobSchedules.name, row.name), eq(jobSchedules.nextRunAt, row.nextRunAt)))
        .returning({ name: jobSchedules.name });
      if (moved.length === 0) return false;
      await enqueue(
        tx as unknown as Db,
        schedule.job,
        { ...schedule.payload, scheduledFor: row.nextRunAt.toISOString() },
        {
          singletonKey: `schedule:${row.name}:${row.nextRunAt.toISOString()}`,
          runAt: now,
        },
      );
      return true;
    });
    if (won) started++;
  }
  return started;
}

// ---------------------------------------------------------------- claiming and running

export interface RunOptions {
  workerId: string;
  now: Date;
  /** Jobs claimed at once (default 10). */
  limit?: number;
}

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Claims due jobs (queued and due, or running with a lapsed lease: their worker died) with
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers never take the same row.
 */
export async function claimJobs(db: Db, { workerId, now, limit = 10 }: RunOptions) {
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(or(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now))))
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(jobs)
    .set({ status: 'running', lockedBy: workerId, lockedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${jobs.attempts} + 1` })
    .where(inArray(jobs.id, due))
    .returning();
  claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  return claimed;
}

export type ClaimedJob = Awaited<ReturnType<typeof claimJobs>>[number];

/** Runs one claimed job and records the outcome (done, again after a backoff, or failed). */
export async function runClaimedJob(db: Db, job: ClaimedJob, options: RunOptions, clock: () => Date = () => options.now): Promise<'done' | 'retry' | 'failed'> {
  const stop = telemetry.jobDuration.startTimer({ name: job.name });
  const outcome = await runJob(db, job, options, clock);
  stop();
  telemetry.jobRuns.inc({ name: job.name, outcome });
  return outcome;
}

async function runJob(db: Db, job: ClaimedJob, { workerId, now }: RunOptions, clock: () => Date): Promise<'done' | 'retry' | 'failed'> {
  const registered = registry.handlers.get(job.name);
  const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId));
  try {
    if (!registered) throw new Error(`No handler for job "${job.name}"`);
    await registered.handler(job.payload as never, { db, now, job: { id: job.id, name: job.name, attempts: job.attempts } });
    await db.update(jobs).set({ status: 'done', finishedAt: clock(), lockedBy: null, lockedUntil: null, lastError: null }).where(mine);
    return 'done';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const finished = clock();
    if (job.attempts >= job.maxAttempts) {
      await db
        .update(jobs)
        .set({ status: 'failed', finishedAt: finished, lockedBy: null, lockedUntil: null, lastError: message.slice(0, 2000) })
        .where(mine);
      return 'failed';
    }
    await db
      .update(jobs)
      .set({ status: 'queued', runAt: new Date(finished.getTime() + backoffMs(job.attempts)), lockedBy: null, lockedUntil: null, lastError: message.slice(0, 2000) })
      .where(mine);
    return 'retry';
  }
}

/** One pass: due schedules, then up to `limit` due jobs, one after another. Returns how many ran. */
export async function runDueJobs(db: Db, options: RunOptions, clock?: () => Date): Promise<number> {
  await tickSchedules(db, options.now);
  const claimed = await claimJobs(db, options);
  for (const job of claimed) await runClaimedJob(db, job, options, clock);
  return claimed.length;
}

// ---------------------------------------------------------------- the admins' view

export async function jobCounts(db: Db): Promise<Record<JobStatus, number>> {
  const rows = await db.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status);
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Jobs not done yet (queued, running) and failed ones, by name: the queue's gauges on /metrics. */
export async function jobCountsByName(db: Db): Promise<{ name: string; status: JobStatus; n: number }[]> {
  return db
    .select({ name: jobs.name, status: jobs.status, n: count() })
    .from(jobs)
    .where(inArray(jobs.status, ['queued', 'running', 'failed']))
    .groupBy(jobs.name, jobs.status);
}

export async function listFailedJobs(db: Db, limit = 100) {
  return db.select().from(jobs).where(eq(jobs.status, 'failed')).orderBy(desc(jobs.finishedAt), desc(jobs.id)).limit(limit);
}

/** Puts a failed job back in the queue with fresh attempts. */
export async function retryFailedJob(db: Db, id: number, now: Date = new Date()): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: 'queued', attempts: 0, runAt: now, finishedAt: null, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function listSchedules(db: Db) {
  return db.select().from(jobSchedules).orderBy(asc(jobSchedules.name));
}

/** Deletes finished jobs older than `before`, a batch at a time (done ones; failed ones stay for the admins). */
export async function purgeFinishedJobs(db: Db, before: Date, batch = 5000): Promise<number> {
  const old = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, before)))
    .limit(batch);
  const rows = await db.delete(jobs).where(inArray(jobs.id, old)).returning({ id: jobs.id });
  return rows.length;
}

export const purgeFinishedJobsJob = defineJob('jobs.purge-finished', async (_payload: object, { db, now }) => {
  const before = new Date(now.getTime() - 7 * 86_400_000);
  while ((await purgeFinishedJobs(db, before)) > 0);
});
defineRecurring('jobs.purge-finished.daily', purgeFinishedJobsJob, { dailyAt: '04:10' });

// ---------------------------------------------------------------- waking the local runner

let wake: (() => void) | undefined;
/** The runner of this process registers here, so that a newly queued job runs without waiting for the next poll. */
export function onEnqueue(callback: (() => void) | undefined): void {
  wake = callback;
}
