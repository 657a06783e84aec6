/**
 * Area follows: a community or grid cell, or a circle around a point, optionally limited to some
 * categories; alerts at once (when a report there becomes public) or in a daily digest.
 *
 * Matching is done in memory against an index of the follows built per call: area follows by area
 * id (a report matches its grid, community, subdistrict and district), circles by a 0.05° bucket
 * grid (a 5 km circle spans at most a few buckets), so a report costs a few lookups, not a scan of
 * every follow; the digest reads the day's public reports once and the follows in id batches.
 */
import { and, asc, count, eq, gt, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areaFollows, notifications, outboxMessages, reportCategories, reports, jobs } from '../../../../db/schema';
import { translator } from '../../../i18n';
import type { PlacedPoint } from '../city/resolve';
import { config } from '../config';
import { defineJob, defineRecurring } from '../jobs';
import { distanceMeters } from '../kernel/geo';
import { notify } from '../notifications';
import { PUBLIC_STATUSES } from '../reports/workflow';
import type { FollowAreaInput } from './inputs';
import { emailAddresses } from './addresses';
import { wantedBy } from './preferences';
import { unsubscribeUrl } from './unsubscribe';
import { cityDay } from '../time';
import { publicOnly } from '../community/visibility';

export const MAX_FOLLOWS_PER_USER = 20;

export async function followArea(db: Db, userId: number, input: FollowAreaInput): Promise<{ ok: true; id: number } | { ok: false; code: 'too_many' }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ n: count() }).from(areaFollows).where(eq(areaFollows.userId, userId));
    if ((row?.n ?? 0) >= MAX_FOLLOWS_PER_USER) return { ok: false as const, code: 'too_many' as const };
    const [inserted] = await tx
      .insert(areaFollows)
      .values({
        userId,
        areaId: input.areaId ?? null,
        lat: input.areaId ? null : (input.lat ?? null),
        lng: input.areaId ? null : (input.lng ?? null),
        radiusM: input.areaId ? null : (input.radius ?? null),
        categories: input.categories,
        digest: input.digest,
      })
      .returning({ id: areaFollows.id });
    return { ok: true as const, id: inserted!.id };
  });
}

export async function unfollowArea(db: Db, userId: number, followId: number): Promise<boolean> {
  const rows = await db
    .delete(areaFollows)
    .where(and(eq(areaFollows.id, followId), eq(areaFollows.userId, userId)))
    .returning({ id: areaFollows.id });
  return rows.length > 0;
}

export async function listFollows(db: Db, userId: number) {
  return db.select().from(areaFollows).where(eq(areaFollows.userId, userId)).orderBy(asc(areaFollows.id));
}

type Follow = Pick<typeof areaFollows.$inferSelect, 'id' | 'userId' | 'areaId' | 'lat' | 'lng' | 'radiusM' | 'categories'>;
export interface MatchableReport extends PlacedPoint {
  id: number;
  code: string;
}

const BUCKET = 0.05;
const bucketKey = (lat: number, lng: number) => `${Math.floor(lat / BUCKET)}:${Math.floor(lng / BUCKET)}`;

/** Follows indexed for matching reports against them. */
export class FollowIndex {
  private byArea = new Map<number, Follow[]>();
  private byBucket = new Map<string, Follow[]>();
  constructor(follows: Iterable<Follow>) {
    for (const follow of follows) {
      if (follow.areaId !== null) this.byArea.set(follow.areaId, [...(this.byArea.get(follow.areaId) ?? []), follow]);
      else if (follow.lat !== null && follow.lng !== null && follow.radiusM !== null) {
        // Every bucket the circle's bounding box touches.
        const dLat = follow.radiusM / 111_320;
        const dLng = follow.radiusM / (111_320 * Math.max(0.01, Math.cos((follow.lat * Math.PI) / 180)));
        for (let a = Math.floor((follow.lat - dLat) / BUCKET); a <= Math.floor((follow.lat + dLat) / BUCKET); a++) {
          for (let b = Math.floor((follow.lng - dLng) / BUCKET); b <= Math.floor((follow.lng + dLng) / BUCKET); b++) {
            const key = `${a}:${b}`;
            this.byBucket.set(key, [...(this.byBucket.get(key) ?? []), follow]);
          }
        }
      }
    }
  }

  /** The follows a report matches (each once). */
  match(report: MatchableReport): Follow[] {
    const found = new Map<number, Follow>();
    for (const areaId of [report.gridId, report.communityId, report.subdistrictId, report.districtId]) {
      if (areaId === null) continue;
      for (const follow of this.byArea.get(areaId) ?? []) found.set(follow.id, follow);
    }
    for (const follow of this.byBucket.get(bucketKey(report.lat, report.lng)) ?? []) {
      if (distanceMeters({ lat: follow.lat!, lng: follow.lng! }, report) <= follow.radiusM!) found.set(follow.id, follow);
    }
    return [...found.values()].filter((follow) => follow.categories.length === 0 || follow.categories.includes(report.code));
  }
}

const followColumns = {
  id: areaFollows.id,
  userId: areaFollows.userId,
  areaId: areaFollows.areaId,
  lat: areaFollows.lat,
  lng: areaFollows.lng,
  radiusM: areaFollows.radiusM,
  categories: areaFollows.categories,
};
const reportColumns = {
  id: reports.id,
  lat: reports.lat,
  lng: reports.lng,
  gridId: reports.gridId,
  communityId: reports.communityId,
  subdistrictId: reports.subdistrictId,
  districtId: reports.districtId,
  code: reportCategories.code,
  nameZh: reportCategories.nameZh,
};

/**
 * A report just became public: the immediate followers of its area hear of it (once each, however
 * many of their follows match). Reads only the follows that can match: the report's areas, and
 * circles whose centre lies within 5 km.
 */
export async function alertAreaFollowers(db: Db, reportId: number, now: Date = new Date()): Promise<number> {
  const [report] = await db.select(reportColumns).from(reports).innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId)).where(eq(reports.id, reportId));
  if (!report) return 0;
  const areaIds = [report.gridId, report.communityId, report.subdistrictId, report.districtId].filter((id): id is number => id !== null);
  const d = 5000 / 111_320;
  const dLng = 5000 / (111_320 * Math.max(0.01, Math.cos((report.lat * Math.PI) / 180)));
  const candidates = await db
    .select(followColumns)
    .from(areaFollows)
    .where(
      and(
        eq(areaFollows.digest, false),
        or(
          areaIds.length ? inArray(areaFollows.areaId, areaIds) : undefined,
          and(
            isNotNull(areaFollows.lat),
            gte(areaFollows.lat, report.lat - d),
            lt(areaFollows.lat, report.lat + d),
            gte(areaFollows.lng, report.lng - dLng),
            lt(areaFollows.lng, report.lng + dLng),
          ),
        ),
      ),
    );
  const userIds = [...new Set(new FollowIndex(candidates).match(report).map((follow) => follow.userId))];
  if (userIds.length === 0) return 0;
  await notify(
    db,
    userIds,
    {
      kind: 'area.report',
      messageKey: 'messages.area.report',
      params: { id: report.id, number: report.id, category: report.nameZh },
      link: `/reports/${report.id}`,
      dedupeKey: `area.report:${report.id}`,
    },
    now,
  );
  return userIds.length;
}

export interface DigestResult {
  reports: number;
  follows: number;
  digests: number;
  emails: number;
}

/**
 * The daily digest of area follows: reports that became public in the last 24 hours, matched
 * against the digest follows read 2,000 at a time (by id); each person gets one in-app notice and,
 * if they want it, one e-mail, written in bulk per batch. Once per person per day (dedupe keys).
 */
export async function sendAreaDigests(db: Db, now: Date, batchSize = 2000): Promise<DigestResult> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const day = cityDay(now);
  const recent = await db
    .select(reportColumns)
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .where(and(gte(reports.createdAt, since), lt(reports.createdAt, now), inArray(reports.status, [...PUBLIC_STATUSES]), publicOnly('report', reports.id)));
  const result: DigestResult = { reports: recent.length, follows: 0, digests: 0, emails: 0 };
  if (recent.length === 0) return result;
  const t = translator('zh-CN');
  const origin = config.publicOrigin ?? 'http://localhost:4321';
  let after = 0;
  for (;;) {
    const batch = await db
      .select(followColumns)
      .from(areaFollows)
      .where(and(eq(areaFollows.digest, true), gt(areaFollows.id, after)))
      .orderBy(asc(areaFollows.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    result.follows += batch.length;
    const index = new FollowIndex(batch);
    const perUser = new Map<number, Set<number>>();
    for (const report of recent) {
      for (const follow of index.match(report)) perUser.set(follow.userId, (perUser.get(follow.userId) ?? new Set()).add(report.id));
    }
    if (perUser.size === 0) continue;
    const userIds = [...perUser.keys()];
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(notifications)
        .values(
          userIds.map((userId) => {
            const ids = [...perUser.get(userId)!].sort((a, b) => a - b);
            return {
              userId,
              kind: 'area.digest',
              messageKey: 'messages.area.digest',
              params: {
                count: ids.length,
                list: ids
                  .slice(0, 10)
                  .map((id) => `#${id}`)
                  .join(', '),
              },
              link: '/reports',
              dedupeKey: `area.digest:${day}:${userId}`,
              createdAt: now,
            };
          }),
        )
        .onConflictDoNothing()
        .returning({ userId: notifications.userId });
      result.digests += inserted.length;
      const told = inserted.map((row) => row.userId);
      if (told.length === 0) return;
      const [wanted, emails] = await Promise.all([wantedBy(tx as unknown as Db, told, 'area.report', 'email'), emailAddresses(tx as unknown as Db, told)]);
      const mails = [...emails]
        .map(([userId, email]) => ({ userId, email }))
        .filter((row) => wanted.has(row.userId))
        .map((row) => {
          const ids = [...perUser.get(row.userId)!].sort((a, b) => a - b);
          const text = t('messages.area.digest', {
            count: ids.length,
            list: ids
              .slice(0, 10)
              .map((id) => `#${id}`)
              .join(', '),
          });
          const lines = [
            text,
            '',
            ...ids.slice(0, 20).map((id) => `${origin}/reports/${id}`),
            '',
            '--',
            t('messages.email.footer'),
            `${t('messages.email.unsubscribe')}: ${unsubscribeUrl(row.userId, 'area.report')}`,
          ];
          return {
            channel: 'email' as const,
            recipient: row.email,
            userId: row.userId,
            kind: 'area.report',
            subject: `${t('messages.email.subjectPrefix')}${text}`.slice(0, 200),
            body: lines.join('\n'),
            dedupeKey: `area.digest:${day}:email:${row.userId}`,
            createdAt: now,
          };
        });
      if (mails.length === 0) return;
      const queued = await tx.insert(outboxMessages).values(mails).onConflictDoNothing().returning({ id: outboxMessages.id });
      if (queued.length)
        await tx
          .insert(jobs)
          .values(queued.map((row) => ({ name: 'messages.deliver', payload: { messageId: row.id }, runAt: now, singletonKey: `message:${row.id}` })))
          .onConflictDoNothing();
      result.emails += queued.length;
    });
  }
  return result;
}

export const areaDigest = defineJob('messages.area-digest', async (_payload: object, { db, now }) => {
  await sendAreaDigests(db, now);
});
defineRecurring('messages.area-digest.daily', areaDigest, { dailyAt: '07:30' });
