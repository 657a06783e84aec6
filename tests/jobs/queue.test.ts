import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client';
import { jobSchedules, jobs } from '../../db/schema';
import {
  backoffMs,
  claimJobs,
  defineJob,
  defineRecurring,
  jobCounts,
  jobCountsByName,
  listFailedJobs,
  nextRun,
  retryFailedJob,
  runDueJobs,
  syncSchedules,
  tickSchedules,
} from '../../src/lib/server/jobs';
import { telemetry } from '../../src/lib/server/telemetry';
import { createTestDatabase, secondInstance, testDriver } from '../support/db';

const runs: { name: string; payload: unknown; worker?: string }[] = [];
const echo = defineJob('test.echo', async (payload: { n: number }) => void runs.push({ name: 'test.echo', payload }));
let failuresLeft = 0;
const flaky = defineJob(
  'test.flaky',
  async () => {
    if (failuresLeft-- > 0) throw new Error('provider down');
    runs.push({ name: 'test.flaky', payload: null });
  },
  { maxAttempts: 3 },
);
const tick = defineJob('test.tick', async (payload: { scheduledFor?: string }) => void runs.push({ name: 'test.tick', payload }));
defineRecurring('test.tick.quarterly', tick, { every: '15m' });

describe(`the job queue on ${testDriver}`, () => {
  let database: Database;
  let db: Db;
  /** A second instance: on PostgreSQL its own connection pool to the same database. */
  let other: Database | undefined;
  let otherDb: Db;
  const t0 = new Date('2026-12-04T02:00:00Z');
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    other = await secondInstance(database);
    otherDb = other.db;
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  it('runs a queued job once and marks it done', async () => {
    runs.length = 0;
    const id = await echo.enqueue(db, { n: 1 }, { runAt: t0 });
    expect(await runDueJobs(db, { workerId: 'a', now: t0 })).toBe(1);
    expect(await runDueJobs(db, { workerId: 'a', now: t0 })).toBe(0);
    expect(runs).toEqual([{ name: 'test.echo', payload: { n: 1 } }]);
    const [row] = await db.select().from(jobs).where(eq(jobs.id, id!));
    expect(row).toMatchObject({ status: 'done', attempts: 1, lockedBy: null });
  });

  it('does not run a job before its time, and enqueues a singleton key only once', async () => {
    runs.length = 0;
    expect(await echo.enqueue(db, { n: 2 }, { runAt: new Date(t0.getTime() + 60_000), singletonKey: 'echo:2' })).toBeTypeOf('number');
    expect(await echo.enqueue(db, { n: 2 }, { runAt: new Date(t0.getTime() + 60_000), singletonKey: 'echo:2' })).toBeNull();
    expect(await runDueJobs(db, { workerId: 'a', now: t0 })).toBe(0);
    expect(await runDueJobs(db, { workerId: 'a', now: new Date(t0.getTime() + 60_000) })).toBe(1);
    expect(runs).toHaveLength(1);
  });

  it('retries a failing job with growing backoff, leaves it failed for the admins after the last attempt, and an admin can retry it', async () => {
    runs.length = 0;
    failuresLeft = 10;
    const id = (await flaky.enqueue(db, {}, { runAt: t0 }))!;
    let now = t0;
    expect(await runDueJobs(db, { workerId: 'a', now })).toBe(1);
    let [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'provider down' });
    expect(row!.runAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(backoffMs(1));
    // Not again before the backoff is over.
    expect(await runDueJobs(db, { workerId: 'a', now: new Date(now.getTime() + backoffMs(1) - 1000) })).toBe(0);
    now = new Date(now.getTime() + backoffMs(1) + 1000);
    await runDueJobs(db, { workerId: 'a', now });
    now = new Date(now.getTime() + backoffMs(2) + 1000);
    await runDueJobs(db, { workerId: 'a', now });
    [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await listFailedJobs(db)).map((job) => job.id)).toContain(id);
    expect((await jobCounts(db)).failed).toBeGreaterThanOrEqual(1);
    failuresLeft = 0;
    expect(await retryFailedJob(db, id, now)).toBe(true);
    await runDueJobs(db, { workerId: 'a', now });
    [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(row!.status).toBe('done');
    expect(runs).toEqual([{ name: 'test.flaky', payload: null }]);
  });

  it('gives a job claimed by an instance that died to another instance once the lease runs out, and to nobody before', async () => {
    runs.length = 0;
    await echo.enqueue(db, { n: 3 }, { runAt: t0 });
    const claimed = await claimJobs(db, { workerId: 'dead', now: t0 });
    expect(claimed.map((job) => job.name)).toEqual(['test.echo']);
    // The instance is gone: it never finishes. While its lease holds, nobody else takes the job.
    expect(await runDueJobs(otherDb, { workerId: 'b', now: new Date(t0.getTime() + 60_000) })).toBe(0);
    expect(await runDueJobs(otherDb, { workerId: 'b', now: new Date(t0.getTime() + 6 * 60_000) })).toBe(1);
    expect(runs).toEqual([{ name: 'test.echo', payload: { n: 3 } }]);
    const [row] = await db.select().from(jobs).where(eq(jobs.id, claimed[0]!.id));
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('claims each job for one of two instances polling at the same time', async () => {
    runs.length = 0;
    for (let n = 0; n < 20; n++) await echo.enqueue(db, { n }, { runAt: t0 });
    const [a, b] = await Promise.all([claimJobs(db, { workerId: 'a', now: t0, limit: 15 }), claimJobs(otherDb, { workerId: 'b', now: t0, limit: 15 })]);
    const ids = [...a, ...b].map((job) => job.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it('reads its repeat rules: clock-aligned intervals and daily times in China time', () => {
    expect(nextRun('every 15m', new Date('2026-12-04T02:07:00Z')).toISOString()).toBe('2026-12-04T02:15:00.000Z');
    expect(nextRun('every 15m', new Date('2026-12-04T02:15:00Z')).toISOString()).toBe('2026-12-04T02:30:00.000Z');
    // 07:00 in Shanghai is 23:00 UTC the day before.
    expect(nextRun('daily 07:00', new Date('2026-12-04T02:00:00Z')).toISOString()).toBe('2026-12-04T23:00:00.000Z');
    expect(nextRun('daily 07:00', new Date('2026-12-03T22:59:00Z')).toISOString()).toBe('2026-12-03T23:00:00.000Z');
    expect(() => nextRun('sometimes', new Date())).toThrow();
  });

  it('runs a recurring job once per slot when two instances tick the scheduler at once', async () => {
    runs.length = 0;
    await db.delete(jobs);
    await syncSchedules(db, t0);
    const [schedule] = await db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.tick.quarterly'));
    expect(schedule!.nextRunAt.toISOString()).toBe('2026-12-04T02:15:00.000Z');
    const at = new Date('2026-12-04T02:16:00Z');
    const started = await Promise.all([tickSchedules(db, at), tickSchedules(otherDb, at), tickSchedules(db, at)]);
    expect(started.reduce((a, b) => a + b, 0)).toBe(1);
    await Promise.all([runDueJobs(db, { workerId: 'a', now: at }), runDueJobs(otherDb, { workerId: 'b', now: at })]);
    expect(runs.filter((run) => run.name === 'test.tick')).toEqual([{ name: 'test.tick', payload: { scheduledFor: '2026-12-04T02:15:00.000Z' } }]);
    // The next slot, once more.
    await Promise.all([runDueJobs(db, { workerId: 'a', now: new Date('2026-12-04T02:31:00Z') }), runDueJobs(otherDb, { workerId: 'b', now: new Date('2026-12-04T02:31:00Z') })]);
    expect(runs.filter((run) => run.name === 'test.tick')).toHaveLength(2);
  });

  it('counts runs by outcome and their durations by job name, and the queue by name and status, for /metrics', async () => {
    const value = async (name: string, outcome: string) =>
      (await telemetry.jobRuns.get()).values.find((sample) => sample.labels.name === name && sample.labels.outcome === outcome)?.value ?? 0;
    const done = await value('test.echo', 'done');
    const t = new Date('2026-12-05T02:00:00Z');
    await echo.enqueue(db, { n: 42 }, { runAt: t });
    await echo.enqueue(db, { n: 43 }, { runAt: new Date(t.getTime() + 3_600_000) });
    await runDueJobs(db, { workerId: 'metrics', now: t });
    expect(await value('test.echo', 'done')).toBe(done + 1);
    const durations = (await telemetry.jobDuration.get()).values.find((sample) => sample.labels.name === 'test.echo' && 'le' in sample.labels && sample.labels.le === '+Inf');
    expect(durations?.value).toBeGreaterThanOrEqual(1);
    const queued = (await jobCountsByName(db)).find((row) => row.name === 'test.echo' && row.status === 'queued');
    expect(Number(queued?.n)).toBeGreaterThanOrEqual(1);
  });
});
