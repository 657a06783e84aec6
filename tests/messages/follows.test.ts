import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, contactEmails, notifications, outboxMessages, reports } from '../../db/schema';
import { followArea, listFollows, sendAreaDigests, unfollowArea } from '../../src/lib/server/messages/follows';
import { followAreaInput } from '../../src/lib/server/messages/inputs';
import { submitReport, transitionReport } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports } from '../reports/fixtures';

describe(`area follows on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let point: { lat: number; lng: number };
  let communityId: number;
  const now = new Date('2026-12-04T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    ({ cast, storage } = prepared);
    point = (await pointInCell(database.db, prepared.cell))!;
    const [cell] = await database.db.select({ parentId: areas.parentId }).from(areas).where(eq(areas.id, prepared.cell.id));
    communityId = cell!.parentId!;
    await database.db.insert(contactEmails).values({ userId: cast.volunteer.id, email: 'v@example.test' });
  });
  afterAll(async () => database?.close());

  async function filePublic(categoryCode: string, at: Date) {
    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode, description: '关注区域里的新问题', photos: [await photo()] },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    expect(await transitionReport(database.db, storage, cast.moderator, filed.report.id, { to: 'accepted', version: 1 }, null, at)).toMatchObject({ ok: true });
    // Submission stamps the wall clock; the digest goes by the test's clock.
    await database.db.update(reports).set({ createdAt: at }).where(eq(reports.id, filed.report.id));
    return filed.report.id;
  }

  it('takes a community, a grid cell or a circle of at most 5 km, and refuses anything else with a reason', () => {
    expect(followAreaInput.safeParse({ areaId: '12' }).success).toBe(true);
    expect(followAreaInput.safeParse({ lat: '28.2', lng: '113', radius: '500', categories: ['litter'] }).success).toBe(true);
    expect(followAreaInput.safeParse({ lat: '28.2', lng: '113', radius: '5001' }).success).toBe(false);
    const neither = followAreaInput.safeParse({});
    expect(neither.success).toBe(false);
    expect(JSON.stringify(neither.error)).toContain('messages.follow.error.target');
  });

  it('alerts immediate followers of the community once, and a circle follower only for the categories chosen', async () => {
    await followArea(database.db, cast.neighbour.id, { areaId: communityId, categories: [], digest: false });
    await followArea(database.db, cast.neighbour.id, { lat: point.lat, lng: point.lng, radius: 200, categories: [], digest: false });
    await followArea(database.db, cast.admin.id, { lat: point.lat, lng: point.lng, radius: 200, categories: ['parking'], digest: false });
    const id = await filePublic('litter', now);
    const alerts = await database.db.select().from(notifications).where(eq(notifications.kind, 'area.report'));
    expect(alerts.map((row) => row.userId)).toEqual([cast.neighbour.id]);
    expect(alerts[0]!.link).toBe(`/reports/${id}`);
    await filePublic('parking', now);
    expect(
      await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, 'area.report'), eq(notifications.userId, cast.admin.id))),
    ).toHaveLength(1);
  });

  it('sends the daily digest once per person, in-app and by e-mail, with the day’s reports', async () => {
    await followArea(database.db, cast.volunteer.id, { areaId: communityId, categories: [], digest: true });
    const morning = new Date(now.getTime() + 20 * 3_600_000);
    const first = await sendAreaDigests(database.db, morning, 1);
    expect(first).toMatchObject({ reports: 2, digests: 1, emails: 1 });
    expect(await sendAreaDigests(database.db, new Date(morning.getTime() + 60_000))).toMatchObject({ digests: 0, emails: 0 });
    const [digest] = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'area.digest'), eq(notifications.userId, cast.volunteer.id)));
    expect(digest!.params).toMatchObject({ count: 2 });
    const mails = await database.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, 'v@example.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain('/unsubscribe?token=');
  });

  it('lets a follower stop following, and nobody else', async () => {
    const [mine] = await listFollows(database.db, cast.volunteer.id);
    expect(await unfollowArea(database.db, cast.neighbour.id, mine!.id)).toBe(false);
    expect(await unfollowArea(database.db, cast.volunteer.id, mine!.id)).toBe(true);
    expect(await listFollows(database.db, cast.volunteer.id)).toEqual([]);
  });
});
