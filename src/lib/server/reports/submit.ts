/**
 * Filing a report: by a resident (idempotent per client key), by office staff for a hotline caller,
 * or by an Open311 client; "me too" on an existing one; and the duplicates offered before filing.
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  reportCategories,
  reportDevices,
  reportFollowers,
  reportIdempotencyKeys,
  reportPendingPhotos,
  reportPhotos,
  reports,
  reportTimeline,
  type ReportSource,
  type ReportStatus,
} from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { reportPermissions } from './permissions';
import { normalizePhone } from '../auth/phone';
import { mediaUrl, storePhoto, type StoredPhoto } from '../photos';
import { checkAllowance, Limited, takeAllowance, type Submitter as LimitSubmitter } from '../limits';
import { fail, type Failure, type Result } from '../result';
import type { Storage } from '../storage';
import { routeReport } from './categories';
import { checkAnswers, listCategoryFields } from './fields';
import { communityPoint } from './places';
import { distanceMeters } from '../kernel/geo';
import { countStatusChange, mapCellKey } from './map';
import { publicPoint } from './public-point';
import { OPEN_STATUSES } from './workflow';
import { publicOnly } from '../community/visibility';

export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 500;
export const PHOTOS_MIN = 1;
export const PHOTOS_MAX = 4;
export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_DAYS = 7;

export interface NearbyReport {
  id: number;
  categoryCode: string;
  status: ReportStatus;
  distanceMeters: number;
  followerCount: number;
  createdAt: Date;
  /** The first "before" photo's thumbnail (null without one). */
  thumbnailUrl: string | null;
}

/**
 * Open reports of the category within 50 m from the last 7 days, nearest first: what a new report
 * may duplicate. A bounding box narrows them in SQL (index on category, created_at, lat, lng);
 * the exact great-circle distance decides.
 */
/**
 * Reports of a category within 50 m from the last 7 days that are still open, and that `viewer` may
 * read (the same rule as the report page): anonymous callers and residents see only public ones.
 */
export async function findNearbyReports(db: Db, viewer: Actor | null, point: { lat: number; lng: number }, categoryId: number, now: Date = new Date()): Promise<NearbyReport[]> {
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLng = DUPLICATE_RADIUS_M / (111_320 * Math.max(Math.cos((point.lat * Math.PI) / 180), 0.01));
  const since = new Date(now.getTime() - DUPLICATE_DAYS * 86_400_000);
  const rows = await db
    .select({
      id: reports.id,
      categoryCode: reportCategories.code,
      status: reports.status,
      lat: reports.lat,
      lng: reports.lng,
      followerCount: reports.followerCount,
      createdAt: reports.createdAt,
      reporterId: reports.reporterId,
      departmentId: reports.departmentId,
      gridId: reports.gridId,
      thumbnailKey: sql<string | null>`(select ${reportPhotos.thumbnailKey} from ${reportPhotos}
        where ${reportPhotos.reportId} = ${reports.id} and ${reportPhotos.stage} = 'before' order by ${reportPhotos.id} limit 1)`,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .where(
      and(
        eq(reports.categoryId, categoryId),
        gte(reports.createdAt, since),
        sql`${reports.lat} between ${point.lat - dLat} and ${point.lat + dLat}`,
        sql`${reports.lng} between ${point.lng - dLng} and ${point.lng + dLng}`,
        inArray(reports.status, [...OPEN_STATUSES]),
        publicOnly('report', reports.id),
      ),
    )
    .limit(200);
  return rows
    .filter((row) => reportPermissions['report.read'](viewer, { status: row.status, reporterId: row.reporterId, departmentId: row.departmentId, gridId: row.gridId }))
    .map(({ lat, lng, reporterId, departmentId, gridId, thumbnailKey, ...row }) => {
      const exact = distanceMeters(point, { lat, lng });
      // Those who may not see the exact point get the distance to the public one, in tens of metres:
      // exact distances from a few probe points would give the exact point away (public-point.ts).
      const exactAllowed = reportPermissions['report.readExactPoint'](viewer, { status: row.status, reporterId, departmentId, gridId });
      return {
        ...row,
        thumbnailUrl: thumbnailKey ? mediaUrl(thumbnailKey) : null,
        exact,
        distanceMeters: exactAllowed ? Math.round(exact * 10) / 10 : Math.round(distanceMeters(point, publicPoint({ lat, lng })) / 10) * 10,
      };
    })
    .filter((row) => row.exact <= DUPLICATE_RADIUS_M)
    .sort((a, b) => a.exact - b.exact)
    .map(({ exact: _exact, ...row }) => row);
}

export interface SubmitInput {
  /** NaN when no point was dropped: then communityId stands in. */
  lat: number;
  lng: number;
  /** Picked without the map: a point inside this community is used when lat/lng are missing. */
  communityId?: number | null | undefined;
  categoryCode: string;
  description: string;
  photos: Uint8Array[];
  /**
   * Photos kept from a refused form (pending-photos.ts), already processed and stored: filed with the
   * new ones, and no longer pending once the report holds them (in the same transaction).
   */
  keptPhotos?: ({ id: number } & StoredPhoto)[] | undefined;
  /** Idempotency key from the client (a double tap or a retry makes one report). */
  clientKey?: string | null | undefined;
  /** Answers to the category's extra questions, by field code (see fields.ts). */
  attributes?: Record<string, unknown> | undefined;
  /**
   * The submitter has been shown the open reports of the category nearby ("me too") and files
   * anyway. Unconfirmed, such reports are answered with a `duplicates` failure listing them.
   */
  confirmed?: boolean | undefined;
}

export interface HotlineCaller {
  name: string;
  phone: string;
}

export type SubmitFailure = 'invalid' | 'outside_city' | 'rate_limited' | 'photo_too_large' | 'photo_too_many_pixels' | 'photo_type' | 'photo_unreadable';

/** Open reports of the category nearby: offered for "me too" before a new one is filed. */
export type DuplicatesFound = Failure<'duplicates'> & { duplicates: NearbyReport[] };

export type SubmitResult = Result<{ report: { id: number; status: string }; created: boolean }, SubmitFailure> | DuplicatesFound;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === '23505';
}

/** Thrown inside the transaction to roll it back when another request already used the client key. */
class KeyTaken extends Error {}
/** Thrown inside the transaction when another submission already took the kept photos. */
class PhotosTaken extends Error {}

/** Checks the fields; photos are checked by the pipeline. Field errors are i18n keys. */
export function validateSubmission(input: SubmitInput, options: { minPhotos?: number } = {}): Failure<'invalid'> | null {
  const fields: Record<string, string> = {};
  if (!Number.isFinite(input.lat) || !Number.isFinite(input.lng) || Math.abs(input.lat) > 90 || Math.abs(input.lng) > 180) {
    fields.location = 'reports.error.location';
  }
  if (!input.categoryCode) fields.category = 'reports.error.category';
  const description = input.description.trim();
  if (description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) {
    fields.description = 'reports.error.description';
  }
  const minPhotos = options.minPhotos ?? PHOTOS_MIN;
  const photoCount = input.photos.length + (input.keptPhotos?.length ?? 0);
  if (photoCount < minPhotos || photoCount > PHOTOS_MAX) fields.photos = 'reports.error.photoCount';
  if (input.clientKey && !/^[\w.:-]{8,100}$/.test(input.clientKey)) fields.clientKey = 'reports.error.clientKey';
  return Object.keys(fields).length ? fail('invalid', 'form.invalid', { fields }) : null;
}

export interface Submitter {
  /** The reporter (web), the office staff taking the call (hotline), or null (Open311). */
  actor: Actor | null;
  source: ReportSource;
  caller?: HotlineCaller;
  /** Open311: the key's name, for the audit entry. */
  via?: string;
  requestId?: string | null;
  /** The web's and the API's submitter, counted against the `limits.report` rules; none for hotline calls. */
  limits?: LimitSubmitter;
  /** The device's keyed hash (http/device.ts), kept with a resident's report for the points' cluster rule. */
  device?: string | null;
}

/**
 * Files a report: place a community's report without a point, validate, resolve and route the
 * point, offer open reports nearby unless confirmed, store the photos, then insert the report, its
 * photos, the client key and the map counts in one transaction. A second request with the same
 * client key gets the first one's report (the primary key on (user, client key) decides a race).
 * The form, the API and Open311 all come here, so they place, check and file alike.
 */
export async function submitReport(db: Db, storage: Storage, submitter: Submitter, given: SubmitInput, now: Date = new Date()): Promise<SubmitResult> {
  let input = given;
  if ((!Number.isFinite(input.lat) || !Number.isFinite(input.lng)) && input.communityId && input.communityId > 0) {
    input = { ...input, ...((await communityPoint(db, input.communityId)) ?? {}) };
  }
  const invalid = validateSubmission(input, { minPhotos: submitter.source === 'web' ? PHOTOS_MIN : 0 });
  if (invalid) return invalid;
  const userId = submitter.source === 'web' ? (submitter.actor?.id ?? null) : null;
  const clientKey = userId !== null && input.clientKey ? input.clientKey : null;
  if (clientKey && userId !== null) {
    // Fast path for a plain retry, before any photo work; the transaction below decides races.
    const existing = await findByClientKey(db, userId, clientKey);
    if (existing) return { ok: true, report: existing, created: false };
  }
  let caller: HotlineCaller | null = null;
  if (submitter.source === 'hotline') {
    const phone = normalizePhone(submitter.caller?.phone ?? '');
    const name = (submitter.caller?.name ?? '').trim();
    if (!phone || !name || name.length > 30) {
      return fail('invalid', 'form.invalid', { fields: phone ? { callerName: 'reports.error.callerName' } : { callerPhone: 'auth.phone.invalid' } });
    }
    caller = { name, phone };
  }
  const [category] = await db
    .select()
    .from(reportCategories)
    .where(and(eq(reportCategories.code, input.categoryCode), eq(reportCategories.active, true)));
  if (!category) return fail('invalid', 'form.invalid', { fields: { category: 'reports.error.category' } });
  const answered = checkAnswers(await listCategoryFields(db, category.id), input.attributes);
  if (!answered.ok) return answered;
  const routed = await routeReport(db, { lat: input.lat, lng: input.lng }, category.id);
  if (!routed) return fail('outside_city', 'reports.error.outsideCity', { fields: { location: 'reports.error.outsideCity' } });
  // A refusal below may be this very submission's twin having been filed meanwhile (a double tap:
  // the twin's report is now "nearby" and took an allowance): then the answer is the twin's report.
  const filedMeanwhile = async () => (clientKey && userId !== null ? await findByClientKey(db, userId, clientKey) : null);
  if (!input.confirmed) {
    const duplicates = await findNearbyReports(db, submitter.actor, { lat: input.lat, lng: input.lng }, category.id, now);
    if (duplicates.length) {
      const twin = await filedMeanwhile();
      return twin ? { ok: true, report: twin, created: false } : { ...fail('duplicates', 'reports.new.duplicates'), duplicates };
    }
  }

  // Before the photos' work: a flood is refused cheaply (the transaction below decides exactly).
  const limited = submitter.limits ? await checkAllowance(db, 'report', submitter.limits, now) : null;
  if (limited) {
    const twin = await filedMeanwhile();
    return twin ? { ok: true, report: twin, created: false } : limited;
  }

  const stored: StoredPhoto[] = [];
  for (const [index, bytes] of input.photos.entries()) {
    const result = await storePhoto(storage, bytes, { folder: 'reports', visibility: 'public' });
    if (!result.ok) {
      await discardPhotos(storage, stored);
      return { ...result, fields: { photos: result.message }, params: { ...result.params, number: index + 1 } };
    }
    stored.push(result.photo);
  }

  const description = input.description.trim();
  try {
    const report = await db.transaction(async (tx) => {
      if (submitter.limits) {
        const refused = await takeAllowance(tx, 'report', submitter.limits, now);
        if (refused) throw new Limited(refused);
      }
      const [created] = await tx
        .insert(reports)
        .values({
          categoryId: category.id,
          description,
          lat: input.lat,
          lng: input.lng,
          mapCell: mapCellKey(input.lat, input.lng),
          gridId: routed.areas.grid.id,
          communityId: routed.areas.community.id,
          subdistrictId: routed.areas.subdistrict.id,
          districtId: routed.areas.district.id,
          proposedDepartmentId: routed.routing.departmentId,
          source: submitter.source,
          reporterId: userId,
          createdAt: now,
          updatedAt: now,
          callerName: caller?.name ?? null,
          callerPhone: caller?.phone ?? null,
          attributes: answered.answers,
        })
        .returning({ id: reports.id, status: reports.status });
      const id = created!.id;
      if (userId !== null && submitter.device) await tx.insert(reportDevices).values({ reportId: id, deviceHash: submitter.device, createdAt: now });
      if (clientKey && userId !== null) {
        const [kept] = await tx.insert(reportIdempotencyKeys).values({ userId, clientKey, reportId: id }).onConflictDoNothing().returning();
        if (!kept) throw new KeyTaken();
      }
      const keptFiles = (input.keptPhotos ?? []).map(({ key, thumbnailKey, width, height }) => ({ key, thumbnailKey, width, height }));
      if (keptFiles.length || stored.length) {
        await tx.insert(reportPhotos).values([...keptFiles, ...stored].map((photo) => ({ reportId: id, stage: 'before' as const, ...photo, uploadedBy: userId })));
      }
      // The kept photos are the report's now: never purged as pending (their rows are the submitter's).
      if (input.keptPhotos?.length) {
        const ids = input.keptPhotos.map((photo) => photo.id);
        const taken = await tx
          .delete(reportPendingPhotos)
          .where(and(eq(reportPendingPhotos.userId, submitter.actor?.id ?? 0), inArray(reportPendingPhotos.id, ids)))
          .returning({ id: reportPendingPhotos.id });
        // Taken by another submission meanwhile (a double tap with a new key): not filed twice.
        if (taken.length !== ids.length) throw new PhotosTaken();
      }
      await tx.insert(reportTimeline).values({
        reportId: id,
        fromStatus: null,
        toStatus: 'submitted',
        actorId: submitter.actor?.id ?? null,
        actorRole: submitter.actor?.role ?? 'open311',
        note: null,
        createdAt: now,
      });
      if (submitter.source !== 'web') {
        await recordAudit(tx, {
          actorId: submitter.actor?.id ?? null,
          actorRole: submitter.actor?.role ?? 'open311',
          action: submitter.source === 'hotline' ? 'report.hotline' : 'report.open311',
          targetType: 'report',
          targetId: id,
          summary: { after: { categoryId: category.id, source: submitter.source, ...(submitter.via && { via: submitter.via }) } },
          requestId: submitter.requestId ?? null,
        });
      }
      await countStatusChange(tx, { lat: input.lat, lng: input.lng, categoryId: category.id }, null, 'submitted');
      return created!;
    });
    return { ok: true, report, created: true };
  } catch (error) {
    if (error instanceof Limited) {
      await discardPhotos(storage, stored);
      const twin = await filedMeanwhile();
      return twin ? { ok: true, report: twin, created: false } : error.failure;
    }
    if ((error instanceof KeyTaken || isUniqueViolation(error)) && clientKey && userId !== null) {
      await discardPhotos(storage, stored);
      const existing = await findByClientKey(db, userId, clientKey);
      if (existing) return { ok: true, report: existing, created: false };
    }
    await discardPhotos(storage, stored);
    if (error instanceof PhotosTaken) return fail('invalid', 'form.invalid', { fields: { photos: 'reports.error.photoCount' } });
    throw error;
  }
}

async function findByClientKey(db: Db, userId: number, clientKey: string) {
  const [row] = await db
    .select({ id: reports.id, status: reports.status })
    .from(reportIdempotencyKeys)
    .innerJoin(reports, eq(reports.id, reportIdempotencyKeys.reportId))
    .where(and(eq(reportIdempotencyKeys.userId, userId), eq(reportIdempotencyKeys.clientKey, clientKey)));
  return row ?? null;
}

export async function discardPhotos(storage: Storage, photos: StoredPhoto[]): Promise<void> {
  for (const photo of photos) {
    await storage.delete(photo.key).catch(() => {});
    await storage.delete(photo.thumbnailKey).catch(() => {});
  }
}

/** A report's count of followers and what decides who may see it; null, as if it did not exist, when the actor may not read it. */
async function readableReport(tx: Db, actor: Actor, reportId: number) {
  const [report] = await tx
    .select({ status: reports.status, reporterId: reports.reporterId, departmentId: reports.departmentId, gridId: reports.gridId, followerCount: reports.followerCount })
    .from(reports)
    .where(eq(reports.id, reportId));
  return report && reportPermissions['report.read'](actor, report) ? report : null;
}

/**
 * "Me too": the person follows the report (notified of its changes) and its public count goes up.
 * Once per person (the primary key decides); a closed or rejected report cannot be followed.
 */
export async function followReport(db: Db, actor: Actor, reportId: number): Promise<Result<{ followerCount: number; added: boolean }, 'not_found' | 'not_open' | 'own_report'>> {
  return db.transaction(async (tx) => {
    const report = await readableReport(tx, actor, reportId);
    if (!report) return fail('not_found', 'error.notFound');
    if (!reportPermissions['report.follow'](actor, report)) return fail('own_report', 'reports.error.ownReport');
    if (!OPEN_STATUSES.includes(report.status)) return fail('not_open', 'reports.error.notOpen');
    const added = await tx.insert(reportFollowers).values({ reportId, userId: actor.id }).onConflictDoNothing().returning();
    if (added.length === 0) return { ok: true as const, followerCount: report.followerCount, added: false };
    const [updated] = await tx
      .update(reports)
      .set({ followerCount: sql`${reports.followerCount} + 1` })
      .where(eq(reports.id, reportId))
      .returning({ followerCount: reports.followerCount });
    return { ok: true as const, followerCount: updated!.followerCount, added: true };
  });
}

/**
 * Undoes "me too": the person stops following the report and its public count goes down. Unfollowing
 * a report one does not follow changes nothing (answered as done, `removed: false`).
 */
export async function unfollowReport(db: Db, actor: Actor, reportId: number): Promise<Result<{ followerCount: number; removed: boolean }, 'not_found'>> {
  return db.transaction(async (tx) => {
    const report = await readableReport(tx, actor, reportId);
    if (!report) return fail('not_found', 'error.notFound');
    const removed = await tx
      .delete(reportFollowers)
      .where(and(eq(reportFollowers.reportId, reportId), eq(reportFollowers.userId, actor.id)))
      .returning();
    if (removed.length === 0) return { ok: true as const, followerCount: report.followerCount, removed: false };
    const [updated] = await tx
      .update(reports)
      .set({ followerCount: sql`greatest(${reports.followerCount} - 1, 0)` })
      .where(eq(reports.id, reportId))
      .returning({ followerCount: reports.followerCount });
    return { ok: true as const, followerCount: updated!.followerCount, removed: true };
  });
}
