import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { reports } from '../../db/schema';
import { cachedQueueCounts, countQueues, listQueue, submitReport, transitionReport, type QueueName } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { forgetCachedReads } from '../../src/lib/server/cache';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, prepareReportsWithPoint, USUAL_PATH } from './fixtures';

describe(`the staff queue tab counts on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let sanitation: number;
  let point: { lat: number; lng: number };
  let seq = 0;
  const office: QueueName[] = ['triage', 'assign', 'duplicates', 'disputed', 'returned', 'verify', 'overdue'];

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ cast, storage, sanitation, point } = await prepareReportsWithPoint(database.db));
    // Two submitted reports at one spot (a suggested duplicate pair), and one report in each other state.
    for (const status of ['submitted', 'submitted', 'accepted', 'in_progress', 'returned', 'rectified']) {
      const filed = await submitReport(
        database.db,
        storage,
        { actor: cast.resident, source: 'web' },
        { ...point, categoryCode: 'litter', description: `乱扔垃圾的地方，第${++seq}处`, photos: [await photo()], confirmed: true },
      );
      if (!filed.ok) throw new Error(JSON.stringify(filed));
      for (const [to, who] of USUAL_PATH[status]!) {
        const [row] = await database.db.select({ version: reports.version }).from(reports).where(eq(reports.id, filed.report.id));
        const moved = await transitionReport(database.db, storage, cast[who], filed.report.id, {
          to,
          version: row!.version,
          note: '处理说明',
          departmentId: sanitation,
          afterPhotos: to === 'rectified' ? [await photo('green')] : [],
        });
        if (!moved.ok) throw new Error(`${to}: ${JSON.stringify(moved)}`);
      }
    }
  });
  afterAll(async () => database?.close());

  it('counts in one statement what each office queue lists', async () => {
    const counts = await countQueues(database.db, cast.moderator, office);
    const listed = Object.fromEntries(await Promise.all(office.map(async (queue) => [queue, (await listQueue(database.db, cast.moderator, queue)).length] as const)));
    expect(counts).toEqual(listed);
    expect(counts).toMatchObject({ triage: 2, assign: 1, duplicates: 2, returned: 1, verify: 1, disputed: 0 });
  });

  it("counts a department's and a grid worker's own queues, and leaves out the queues they may not open", async () => {
    expect(await countQueues(database.db, cast.staff, ['department', 'triage'])).toEqual({ department: 1 });
    expect(await countQueues(database.db, cast.otherStaff, ['department'])).toEqual({ department: 0 });
    expect(await countQueues(database.db, cast.grid, ['grid', 'verify'])).toEqual({ grid: (await listQueue(database.db, cast.grid, 'grid')).length, verify: 1 });
    expect(await countQueues(database.db, cast.resident, office)).toEqual({});
  });

  it("keeps the page's counts for a second per scope, never one scope's for another, and forgets them after a write", async () => {
    const before = await cachedQueueCounts(database.db, cast.moderator, office);
    expect(before).toEqual(await countQueues(database.db, cast.moderator, office));
    // Another department's staff sees its own scope, not the first department's cached counts.
    expect(await cachedQueueCounts(database.db, cast.staff, ['department'])).toEqual({ department: 1 });
    expect(await cachedQueueCounts(database.db, cast.otherStaff, ['department'])).toEqual({ department: 0 });
    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'litter', description: `乱扔垃圾的地方，第${++seq}处`, photos: [await photo()], confirmed: true },
    );
    expect(filed.ok).toBe(true);
    // A write through the portal forgets the cached counts in its process (src/lib/server/http/respond.ts).
    forgetCachedReads();
    expect((await cachedQueueCounts(database.db, cast.moderator, office)).triage).toBe(before.triage! + 1);
  });
});
