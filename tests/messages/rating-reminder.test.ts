/** The rating request's reminder: once, two days before a closed report's rating window ends, to a reporter who has not rated. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { contactEmails, notifications, outboxMessages, reportRatings, reports } from '../../db/schema';
import { runDueJobs, syncSchedules } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { submitReport } from '../../src/lib/server/reports';
import { sendRatingReminders } from '../../src/lib/server/reports/rating-reminder';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports } from '../reports/fixtures';

describe(`rating reminders on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  // 2026-12-10 09:00 China time; the daily run is at 10:00.
  const now = new Date('2026-12-10T01:00:00Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    cast = prepared.cast;
    const point = (await pointInCell(database.db, prepared.cell))!;
    await database.db.insert(contactEmails).values({ userId: cast.resident.id, email: 'resident@example.test' });
    // Filed, then closed at different times (the closing itself has its own tests).
    for (const [name, closed] of [
      ['due', 5.5],
      ['rated', 5.5],
      ['recent', 3],
      ['tooLate', 8],
    ] as const) {
      const filed = await submitReport(
        database.db,
        prepared.storage,
        { actor: cast.resident, source: 'web' },
        { ...point, categoryCode: 'litter', description: `楼道堆放杂物 ${name}`, photos: [await photo()] },
      );
      if (!filed.ok) throw new Error(JSON.stringify(filed));
      ids[name] = filed.report.id;
      await database.db
        .update(reports)
        .set({ status: 'closed', closedAt: daysAgo(closed) })
        .where(eq(reports.id, filed.report.id));
    }
    await database.db.insert(reportRatings).values({ reportId: ids.rated!, userId: cast.resident.id, rating: 'satisfied' });
  });
  afterAll(async () => database?.close());

  it('reminds once, only for the unrated report whose window ends within two days, through the daily job', async () => {
    await syncSchedules(database.db, now);
    const at = new Date(now.getTime() + 3_600_000 + 60_000);
    while ((await runDueJobs(database.db, { workerId: 'a', now: at })) > 0);
    expect(await sendRatingReminders(database.db, at)).toBe(1); // found again, told no second time
    const told = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, cast.resident.id), eq(notifications.kind, 'report.rate')));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ messageKey: 'reports.notice.rateReminder', link: `/reports/${ids.due}` });
    const mails = await database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'report.rate'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toMatch(new RegExp(`您上报的问题 #${ids.due} 已办结，整改前后的照片可在问题页面查看；还可在 12月11日周五 21:00 前评价处理结果`));
    expect(mails[0]!.body).toContain(`/reports/${ids.due}`);
  });
});
